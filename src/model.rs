//! The records gongwen emits: the Parquet contract in one place.
//!
//! Every dataset is a `Vec` of one record type implementing [`Record`]; its schema
//! (column names, Arrow types, nullability, descriptions) is declared here and nowhere
//! else, and the sinks build Arrow arrays from it generically. Column names are a
//! contract with users: add columns, never rename them.

use arrow::datatypes::{DataType, Field, Schema};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Bumped when a column changes meaning or type.
pub const SCHEMA_VERSION: &str = "2";

/// One cell value, borrowed from a record.
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    Str(Option<&'a str>),
    U8(u8),
    U16(Option<u16>),
    U32(Option<u32>),
    U64(Option<u64>),
    I32(Option<i32>),
    F64(Option<f64>),
    Bool(Option<bool>),
    /// Days since 1970-01-01.
    Date(Option<i32>),
}

/// A column of a dataset.
pub struct Col {
    pub name: &'static str,
    pub ty: DataType,
    pub nullable: bool,
    pub doc: &'static str,
}

const fn col(name: &'static str, ty: DataType, nullable: bool, doc: &'static str) -> Col {
    Col {
        name,
        ty,
        nullable,
        doc,
    }
}

/// A record type of one dataset.
pub trait Record: Serialize + Send + Sync {
    /// The dataset's name (and output file stem).
    const DATASET: &'static str;
    fn columns() -> Vec<Col>;
    /// Append the record's values to `out`, in [`Record::columns`] order. The Parquet
    /// writer lays a batch's rows out in one buffer this way, without a `Vec` per row.
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>);
    /// The record's values, in [`Record::columns`] order.
    fn values(&self) -> Vec<Val<'_>> {
        let mut v = Vec::new();
        self.push_values(&mut v);
        v
    }
    /// Sort key within a source file (byte_start, then a tie-breaker).
    fn order(&self) -> (u64, u64);
    /// The document the record belongs to (for partitioned output); None for file-level
    /// records.
    fn doc_id(&self) -> Option<&str> {
        None
    }

    fn schema() -> Arc<Schema> {
        let fields: Vec<Field> = Self::columns()
            .into_iter()
            .map(|c| {
                Field::new(c.name, c.ty, c.nullable).with_metadata(HashMap::from([(
                    "description".to_owned(),
                    c.doc.to_owned(),
                )]))
            })
            .collect();
        Arc::new(Schema::new_with_metadata(
            fields,
            HashMap::from([
                ("gongwen.dataset".to_owned(), Self::DATASET.to_owned()),
                (
                    "gongwen.schema_version".to_owned(),
                    SCHEMA_VERSION.to_owned(),
                ),
                (
                    "gongwen.version".to_owned(),
                    env!("CARGO_PKG_VERSION").to_owned(),
                ),
            ]),
        ))
    }
}

/// Where a record came from: carried by every record of every dataset.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Prov {
    pub source: Arc<str>,
    pub line_start: u32,
    pub line_end: u32,
    pub byte_start: u64,
    pub byte_end: u64,
}

fn prov_cols() -> [Col; 4] {
    [
        col(
            "line_start",
            DataType::UInt32,
            false,
            "first line of the record in the original file (1-based)",
        ),
        col(
            "line_end",
            DataType::UInt32,
            false,
            "last line of the record in the original file (1-based, inclusive)",
        ),
        col(
            "byte_start",
            DataType::UInt64,
            false,
            "byte offset in the original file where the record starts",
        ),
        col(
            "byte_end",
            DataType::UInt64,
            false,
            "byte offset in the original file where the record ends (exclusive)",
        ),
    ]
}

/// Append a record's own values followed by its provenance to `out`.
fn with_prov<'a, const N: usize>(own: [Val<'a>; N], p: &'a Prov, out: &mut Vec<Val<'a>>) {
    out.extend(own);
    out.extend(prov_vals(p));
}

fn prov_vals(p: &Prov) -> [Val<'_>; 4] {
    [
        Val::U32(Some(p.line_start)),
        Val::U32(Some(p.line_end)),
        Val::U64(Some(p.byte_start)),
        Val::U64(Some(p.byte_end)),
    ]
}

/// documents.parquet: one row per document.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DocumentRec {
    pub doc_id: Arc<str>,
    pub source: Arc<str>,
    pub jurisdiction: Option<String>,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub doc_number_raw: Option<String>,
    pub doc_year: Option<i32>,
    pub doc_serial: Option<i32>,
    pub title: Option<String>,
    pub enclosed_title: Option<String>,
    pub doc_type: Option<String>,
    /// Days since 1970-01-01.
    pub issue_date: Option<i32>,
    pub page_start: u32,
    pub page_end: u32,
    pub encoding: &'static str,
    /// Set by [`crate::duplicates`] once the run has seen the earlier copy.
    pub duplicate_of: Option<Arc<str>>,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for DocumentRec {
    const DATASET: &'static str = "documents";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col(
                "doc_id",
                Utf8,
                false,
                "stable document id: source file stem + '#' + ordinal in the file",
            ),
            col(
                "source",
                Utf8,
                false,
                "input file, relative to the folder given on the command line",
            ),
            col(
                "jurisdiction",
                Utf8,
                true,
                "issuing jurisdiction, e.g. 曲阳县 (from the issuer)",
            ),
            col(
                "issuer",
                Utf8,
                true,
                "issuing organ as printed at the head, e.g. 巨鹿县人民政府办公室",
            ),
            col(
                "doc_number",
                Utf8,
                true,
                "own document number, canonical 机关代字〔年份〕序号号",
            ),
            col(
                "doc_number_raw",
                Utf8,
                true,
                "own document number exactly as printed",
            ),
            col("doc_year", Int32, true, "year of the document number"),
            col("doc_serial", Int32, true, "serial of the document number"),
            col(
                "title",
                Utf8,
                true,
                "title as printed at the head, lines joined, letter-spacing removed",
            ),
            col(
                "enclosed_title",
                Utf8,
                true,
                "for a cover notice 关于印发《X》的通知: X",
            ),
            col(
                "doc_type",
                Utf8,
                true,
                "generic type from the title's last type word (通知, 方案, 规划, 解读 …)",
            ),
            col(
                "issue_date",
                Date32,
                true,
                "成文日期: date printed on the number line or under the signature",
            ),
            col(
                "page_start",
                UInt32,
                false,
                "page index (1-based, counted in the file) of the first line",
            ),
            col("page_end", UInt32, false, "page index of the last line"),
            col(
                "encoding",
                Utf8,
                false,
                "encoding the file was decoded from",
            ),
            col(
                "duplicate_of",
                Utf8,
                true,
                "doc_id of an earlier copy of this document in the run (same title; issuer, 文号 and date agree where both print them); null for the first copy",
            ),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        fn s(x: &Option<String>) -> Val<'_> {
            Val::Str(x.as_deref())
        }
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                Val::Str(Some(&self.source)),
                s(&self.jurisdiction),
                s(&self.issuer),
                s(&self.doc_number),
                s(&self.doc_number_raw),
                Val::I32(self.doc_year),
                Val::I32(self.doc_serial),
                s(&self.title),
                s(&self.enclosed_title),
                s(&self.doc_type),
                Val::Date(self.issue_date),
                Val::U32(Some(self.page_start)),
                Val::U32(Some(self.page_end)),
                Val::Str(Some(self.encoding)),
                Val::Str(self.duplicate_of.as_deref()),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (self.prov.byte_start, 0)
    }
}

/// provisions.parquet: one row per heading-delimited provision.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProvisionRec {
    pub doc_id: Arc<str>,
    pub provision_id: String,
    pub parent_id: Option<String>,
    pub level: u8,
    pub label: Option<String>,
    pub kind: &'static str,
    pub heading: Option<String>,
    pub text: String,
    pub page: u32,
    pub seq: u32,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for ProvisionRec {
    const DATASET: &'static str = "provisions";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col("doc_id", Utf8, false, "document the provision belongs to"),
            col(
                "provision_id",
                Utf8,
                false,
                "doc_id + '/' + position path in the heading tree, e.g. /2.3.1; /0 is the preamble",
            ),
            col(
                "parent_id",
                Utf8,
                true,
                "enclosing provision; null at the top",
            ),
            col(
                "level",
                UInt8,
                false,
                "depth in the heading tree (1 = top; 0 = preamble)",
            ),
            col(
                "label",
                Utf8,
                true,
                "the marker as printed: 一、 （三） 1. （1） ① 第三章 第十二条 附件1 专栏2",
            ),
            col(
                "kind",
                Utf8,
                false,
                "marker family: cn_dun, cn_paren, num_dot, num_paren, circled, chapter, article, attachment, box, preamble …",
            ),
            col("source", Utf8, false, "input file"),
            col(
                "heading",
                Utf8,
                true,
                "the heading sentence after the marker, if short (e.g. 总体要求)",
            ),
            col(
                "text",
                Utf8,
                false,
                "the provision's own text (children excluded), paragraphs joined by newlines",
            ),
            col("page", UInt32, false, "page index of the heading line"),
            col(
                "seq",
                UInt32,
                false,
                "order of the provision within its document (0-based)",
            ),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                Val::Str(Some(&self.provision_id)),
                Val::Str(self.parent_id.as_deref()),
                Val::U8(self.level),
                Val::Str(self.label.as_deref()),
                Val::Str(Some(self.kind)),
                Val::Str(Some(&self.prov.source)),
                Val::Str(self.heading.as_deref()),
                Val::Str(Some(&self.text)),
                Val::U32(Some(self.page)),
                Val::U32(Some(self.seq)),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (self.prov.byte_start, self.seq as u64)
    }
}

/// rosters.parquet: one row per member of a leading group, work team or command centre.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RosterRec {
    pub doc_id: Arc<str>,
    pub provision_id: Option<String>,
    pub group_id: String,
    pub group_name: Option<String>,
    pub role: String,
    pub role_rank: u8,
    pub member_order: u16,
    pub person_name: Option<String>,
    pub position: Option<String>,
    pub unit: Option<String>,
    pub title: Option<String>,
    pub holder: Option<String>,
    pub is_prose: bool,
    pub office_unit: Option<String>,
    pub office_head: Option<String>,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for RosterRec {
    const DATASET: &'static str = "rosters";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col("doc_id", Utf8, false, "document the roster belongs to"),
            col(
                "provision_id",
                Utf8,
                true,
                "provision the member's line sits in (joins provisions.provision_id)",
            ),
            col(
                "group_id",
                Utf8,
                false,
                "doc_id + '/g' + ordinal of the group in the document",
            ),
            col(
                "group_name",
                Utf8,
                true,
                "the list's heading (名单 removed), else the group named in the sentence",
            ),
            col(
                "role",
                Utf8,
                false,
                "role label as printed, whitespace removed; inherited by unlabelled lines",
            ),
            col(
                "role_rank",
                UInt8,
                false,
                "1 for the group's first (head) role, increasing with each new role",
            ),
            col(
                "member_order",
                UInt16,
                false,
                "order of the member within the group (1-based)",
            ),
            col("source", Utf8, false, "input file"),
            col(
                "person_name",
                Utf8,
                true,
                "person's name, whitespace removed; null when none is printed",
            ),
            col(
                "position",
                Utf8,
                true,
                "position as printed, wrapped lines joined, whitespace removed",
            ),
            col(
                "unit",
                Utf8,
                true,
                "organisation part of the (first) post, e.g. 县发改局",
            ),
            col("title", Utf8, true, "post part, e.g. 局长"),
            col(
                "holder",
                Utf8,
                true,
                "prose rosters: the holder as written when no person is named, e.g. 县政府主管副县长",
            ),
            col(
                "is_prose",
                Boolean,
                false,
                "true when the roster is stated in a sentence rather than printed as a list",
            ),
            col(
                "office_unit",
                Utf8,
                true,
                "where the group's office sits (办公室设在X)",
            ),
            col(
                "office_head",
                Utf8,
                true,
                "who heads the office (办公室主任由X兼任), 同志 removed",
            ),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        fn s(x: &Option<String>) -> Val<'_> {
            Val::Str(x.as_deref())
        }
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                s(&self.provision_id),
                Val::Str(Some(&self.group_id)),
                s(&self.group_name),
                Val::Str(Some(&self.role)),
                Val::U8(self.role_rank),
                Val::U16(Some(self.member_order)),
                Val::Str(Some(&self.prov.source)),
                s(&self.person_name),
                s(&self.position),
                s(&self.unit),
                s(&self.title),
                s(&self.holder),
                Val::Bool(Some(self.is_prose)),
                s(&self.office_unit),
                s(&self.office_head),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (self.prov.byte_start, self.member_order as u64)
    }
}

/// assignments.parquet: one row per (task, unit, role).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AssignmentRec {
    pub doc_id: Arc<str>,
    pub provision_id: Option<String>,
    pub task_id: String,
    pub task: String,
    pub unit_raw: String,
    pub unit: Option<String>,
    pub unit_category: Option<String>,
    pub role: &'static str,
    pub unit_order: u16,
    pub implied: bool,
    pub pattern: &'static str,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for AssignmentRec {
    const DATASET: &'static str = "assignments";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col("doc_id", Utf8, false, "document the task belongs to"),
            col(
                "provision_id",
                Utf8,
                true,
                "provision the task sits in (joins provisions.provision_id)",
            ),
            col(
                "task_id",
                Utf8,
                false,
                "doc_id + '/t' + ordinal of the task (the sentence or row the units govern)",
            ),
            col(
                "task",
                Utf8,
                false,
                "the task text the units govern, whitespace removed",
            ),
            col(
                "unit_raw",
                Utf8,
                false,
                "unit as printed, whitespace removed, 等 and catch-alls dropped",
            ),
            col(
                "unit",
                Utf8,
                true,
                "canonical unit: full name with the jurisdiction (grammars/units.tsv)",
            ),
            col(
                "unit_category",
                Utf8,
                true,
                "functional category of the unit (development_reform, health …); null if unknown",
            ),
            col("role", Utf8, false, "lead | responsible | cooperate"),
            col(
                "unit_order",
                UInt16,
                false,
                "position of the unit in its list (1-based)",
            ),
            col(
                "implied",
                Boolean,
                false,
                "true when added by a document rule (以下各项…不再列出), not printed at the task",
            ),
            col(
                "pattern",
                Utf8,
                false,
                "grammar that produced it: labelled, lead_then_list, list_responsible, bare_list, implied",
            ),
            col("source", Utf8, false, "input file"),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        fn s(x: &Option<String>) -> Val<'_> {
            Val::Str(x.as_deref())
        }
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                s(&self.provision_id),
                Val::Str(Some(&self.task_id)),
                Val::Str(Some(&self.task)),
                Val::Str(Some(&self.unit_raw)),
                s(&self.unit),
                s(&self.unit_category),
                Val::Str(Some(self.role)),
                Val::U16(Some(self.unit_order)),
                Val::Bool(Some(self.implied)),
                Val::Str(Some(self.pattern)),
                Val::Str(Some(&self.prov.source)),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (self.prov.byte_start, self.unit_order as u64)
    }
}

/// deadlines.parquet: one row per time limit, resolved against the document's anchor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeadlineRec {
    pub doc_id: Arc<str>,
    pub provision_id: Option<String>,
    /// The assignments task in the same sentence or row; None when it governs a provision.
    pub task_id: Option<String>,
    pub text: String,
    pub kind: &'static str,
    /// Days since 1970-01-01.
    pub start_date: Option<i32>,
    pub end_date: Option<i32>,
    pub precision: &'static str,
    pub anchor_date: Option<i32>,
    pub anchor_source: &'static str,
    pub recurrence: Option<&'static str>,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for DeadlineRec {
    const DATASET: &'static str = "deadlines";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col("doc_id", Utf8, false, "document the limit belongs to"),
            col(
                "provision_id",
                Utf8,
                true,
                "provision the limit sits in (joins provisions.provision_id)",
            ),
            col(
                "task_id",
                Utf8,
                true,
                "task of the same sentence or row (joins assignments.task_id); null when the limit governs a provision",
            ),
            col(
                "text",
                Utf8,
                false,
                "the limit as printed, whitespace removed",
            ),
            col(
                "kind",
                Utf8,
                false,
                "by | range | recurring | relative | ongoing | effective",
            ),
            col(
                "start_date",
                Date32,
                true,
                "first day (range, effective); null where not applicable or not resolvable",
            ),
            col(
                "end_date",
                Date32,
                true,
                "last day the limit allows (README: resolution rules); null where not applicable or not resolvable",
            ),
            col(
                "precision",
                Utf8,
                false,
                "day | month | quarter | half | year | none: the granularity printed",
            ),
            col(
                "anchor_date",
                Date32,
                true,
                "the issue date year-less and relative parts were resolved against; Jan 1 of the 文号 year when only that is known",
            ),
            col(
                "anchor_source",
                Utf8,
                false,
                "issue_date | doc_number_year | none",
            ),
            col(
                "recurrence",
                Utf8,
                true,
                "recurring limits: day | week | month | quarter | half | year",
            ),
            col("source", Utf8, false, "input file"),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                Val::Str(self.provision_id.as_deref()),
                Val::Str(self.task_id.as_deref()),
                Val::Str(Some(&self.text)),
                Val::Str(Some(self.kind)),
                Val::Date(self.start_date),
                Val::Date(self.end_date),
                Val::Str(Some(self.precision)),
                Val::Date(self.anchor_date),
                Val::Str(Some(self.anchor_source)),
                Val::Str(self.recurrence),
                Val::Str(Some(&self.prov.source)),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (self.prov.byte_start, self.prov.byte_end)
    }
}

/// tables.parquet: one row per cell of a rebuilt table (long format).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableCellRec {
    pub doc_id: Arc<str>,
    /// Shared by the table's cells.
    pub table_id: Arc<str>,
    pub caption: Option<Arc<str>>,
    pub layout: &'static str,
    pub row: u32,
    pub col: u32,
    pub row_span: u16,
    pub col_span: u16,
    pub is_header: bool,
    pub text: String,
    pub value: Option<f64>,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for TableCellRec {
    const DATASET: &'static str = "tables";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col("doc_id", Utf8, false, "document the table belongs to"),
            col(
                "table_id",
                Utf8,
                false,
                "doc_id + '/tb' + ordinal of the table",
            ),
            col(
                "caption",
                Utf8,
                true,
                "the table's title as printed, whitespace removed",
            ),
            col("row", UInt32, false, "0-based row; header rows come first"),
            col("col", UInt32, false, "0-based column"),
            col(
                "row_span",
                UInt16,
                false,
                "rows the cell covers (merged categories)",
            ),
            col(
                "col_span",
                UInt16,
                false,
                "columns the cell covers (group rows)",
            ),
            col("is_header", Boolean, false, "the cell is in a header row"),
            col(
                "text",
                Utf8,
                false,
                "cell text, wrapped pieces joined, whitespace removed",
            ),
            col(
                "value",
                Float64,
                true,
                "the number when the cell is only a number; null for ≥60, <1%, ——, text",
            ),
            col(
                "layout",
                Utf8,
                false,
                "how it was printed: tab_cells | tab_rows",
            ),
            col("source", Utf8, false, "input file"),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                Val::Str(Some(&self.table_id)),
                Val::Str(self.caption.as_deref()),
                Val::U32(Some(self.row)),
                Val::U32(Some(self.col)),
                Val::U16(Some(self.row_span)),
                Val::U16(Some(self.col_span)),
                Val::Bool(Some(self.is_header)),
                Val::Str(Some(&self.text)),
                Val::F64(self.value),
                Val::Str(Some(self.layout)),
                Val::Str(Some(&self.prov.source)),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (
            self.prov.byte_start,
            u64::from(self.row) << 32 | u64::from(self.col),
        )
    }
}

/// indicators.parquet: one row per indicator of a target table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorRec {
    pub doc_id: Arc<str>,
    pub table_id: String,
    pub category: Option<String>,
    pub indicator: String,
    pub unit_of_measure: Option<String>,
    pub baseline_year: Option<i32>,
    pub baseline_text: Option<String>,
    pub baseline_value: Option<f64>,
    pub target_year: Option<i32>,
    pub target_text: Option<String>,
    pub target_value: Option<f64>,
    pub comparator: Option<&'static str>,
    pub nature: Option<String>,
    pub responsible: Option<String>,
    #[serde(flatten)]
    pub prov: Prov,
}

impl Record for IndicatorRec {
    const DATASET: &'static str = "indicators";
    fn columns() -> Vec<Col> {
        use DataType::*;
        let mut v = vec![
            col("doc_id", Utf8, false, "document the table belongs to"),
            col("table_id", Utf8, false, "the table (joins tables.table_id)"),
            col(
                "category",
                Utf8,
                true,
                "category / domain column (merged cells carried down)",
            ),
            col(
                "indicator",
                Utf8,
                false,
                "indicator name as printed, unit kept",
            ),
            col(
                "unit_of_measure",
                Utf8,
                true,
                "unit from the name or header: （%） → %, （万元/人） → 万元/人",
            ),
            col(
                "baseline_year",
                Int32,
                true,
                "year of the baseline column (2020年)",
            ),
            col("baseline_text", Utf8, true, "baseline cell as printed"),
            col(
                "baseline_value",
                Float64,
                true,
                "baseline as a number where it is one",
            ),
            col(
                "target_year",
                Int32,
                true,
                "year of the target column (2025年目标)",
            ),
            col("target_text", Utf8, true, "target cell as printed"),
            col(
                "target_value",
                Float64,
                true,
                "the number in the target cell",
            ),
            col(
                "comparator",
                Utf8,
                true,
                ">= | <= | > | < | = from ≥, 以上, 以内, < …",
            ),
            col("nature", Utf8, true, "约束性 | 预期性"),
            col(
                "responsible",
                Utf8,
                true,
                "responsible unit column, when the table has one",
            ),
            col("source", Utf8, false, "input file"),
        ];
        v.extend(prov_cols());
        v
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        with_prov(
            [
                Val::Str(Some(&self.doc_id)),
                Val::Str(Some(&self.table_id)),
                Val::Str(self.category.as_deref()),
                Val::Str(Some(&self.indicator)),
                Val::Str(self.unit_of_measure.as_deref()),
                Val::I32(self.baseline_year),
                Val::Str(self.baseline_text.as_deref()),
                Val::F64(self.baseline_value),
                Val::I32(self.target_year),
                Val::Str(self.target_text.as_deref()),
                Val::F64(self.target_value),
                Val::Str(self.comparator),
                Val::Str(self.nature.as_deref()),
                Val::Str(self.responsible.as_deref()),
                Val::Str(Some(&self.prov.source)),
            ],
            &self.prov,
            out,
        )
    }
    fn doc_id(&self) -> Option<&str> {
        Some(&self.doc_id)
    }
    fn order(&self) -> (u64, u64) {
        (self.prov.byte_start, self.prov.byte_end)
    }
}

/// diagnostics.parquet: one row per problem met on the way.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiagnosticRec {
    pub source: Arc<str>,
    pub doc_id: Option<Arc<str>>,
    pub stage: &'static str,
    pub severity: Severity,
    pub message: String,
    pub line_start: Option<u32>,
    pub line_end: Option<u32>,
    pub byte_start: Option<u64>,
    pub byte_end: Option<u64>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl Record for DiagnosticRec {
    const DATASET: &'static str = "diagnostics";
    fn columns() -> Vec<Col> {
        use DataType::*;
        vec![
            col("source", Utf8, false, "input file"),
            col(
                "doc_id",
                Utf8,
                true,
                "document, when the problem is inside one",
            ),
            col(
                "stage",
                Utf8,
                false,
                "pipeline stage: read, decode, clean, segment, extract, write",
            ),
            col(
                "severity",
                Utf8,
                false,
                "info, warning or error (error makes the exit code 1)",
            ),
            col("message", Utf8, false, "what happened"),
            col(
                "line_start",
                UInt32,
                true,
                "first source line concerned (1-based), when known",
            ),
            col(
                "line_end",
                UInt32,
                true,
                "last source line concerned, when known",
            ),
            col(
                "byte_start",
                UInt64,
                true,
                "source byte offset where the problem starts, when known",
            ),
            col(
                "byte_end",
                UInt64,
                true,
                "source byte offset where it ends (exclusive), when known",
            ),
        ]
    }
    fn push_values<'a>(&'a self, out: &mut Vec<Val<'a>>) {
        out.extend([
            Val::Str(Some(&self.source)),
            Val::Str(self.doc_id.as_deref()),
            Val::Str(Some(self.stage)),
            Val::Str(Some(self.severity.as_str())),
            Val::Str(Some(&self.message)),
            Val::U32(self.line_start),
            Val::U32(self.line_end),
            Val::U64(self.byte_start),
            Val::U64(self.byte_end),
        ]);
    }
    fn order(&self) -> (u64, u64) {
        (self.byte_start.unwrap_or(0), 0)
    }
}

impl DiagnosticRec {
    /// A diagnostic about a whole file (no span).
    pub fn file(
        source: &Arc<str>,
        stage: &'static str,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        DiagnosticRec {
            source: source.clone(),
            doc_id: None,
            stage,
            severity,
            message: message.into(),
            line_start: None,
            line_end: None,
            byte_start: None,
            byte_end: None,
        }
    }

    /// A diagnostic with a source span.
    pub fn at(mut self, p: &Prov) -> Self {
        self.line_start = Some(p.line_start);
        self.line_end = Some(p.line_end);
        self.byte_start = Some(p.byte_start);
        self.byte_end = Some(p.byte_end);
        self
    }
}
