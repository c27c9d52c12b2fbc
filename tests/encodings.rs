//! The same text in GB18030/GBK and UTF-16 gives the same records, with byte offsets
//! of the encoded file.

mod common;
use gongwen::pipeline::process_bytes;

fn excerpt() -> String {
    let (_, bytes) = common::corpus_files()
        .into_iter()
        .find(|(n, _)| n.contains("julu"))
        .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    text.split_inclusive('\n').take(1080).collect()
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut b = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    b
}

#[test]
fn gbk_and_utf16_give_the_same_documents() {
    let text = excerpt();
    let reference = process_bytes("x.txt", text.as_bytes());
    assert_eq!(reference.documents.len(), 1);
    let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
    for (label, bytes) in [
        ("gbk", gbk),
        ("utf16le", utf16(&text, true)),
        ("utf16be", utf16(&text, false)),
    ] {
        let out = process_bytes("x.txt", &bytes);
        assert_eq!(out.documents.len(), 1, "{label}");
        let (a, b) = (&reference.documents[0], &out.documents[0]);
        assert_eq!(
            (&a.title, &a.doc_number, a.issue_date),
            (&b.title, &b.doc_number, b.issue_date),
            "{label}"
        );
        assert_eq!(
            (a.prov.line_start, a.prov.line_end),
            (b.prov.line_start, b.prov.line_end),
            "{label}"
        );
        assert_eq!(reference.provisions.len(), out.provisions.len(), "{label}");
        // Byte spans are offsets into the encoded file: decoding them gives the text.
        let enc = encoding_rs::Encoding::for_label(b.encoding.as_bytes()).unwrap();
        for p in out.provisions.iter().take(50) {
            let slice = &bytes[p.prov.byte_start as usize..p.prov.byte_end as usize];
            let (decoded, _) = enc.decode_without_bom_handling(slice);
            let head: String = common::comparable(&p.text).chars().take(8).collect();
            assert!(
                common::comparable(&decoded).contains(&head),
                "{label} {}: {head}",
                p.provision_id
            );
        }
    }
}

#[test]
fn invalid_bytes_are_a_warning_not_a_failure() {
    let mut bytes = encoding_rs::GBK.encode(&excerpt()).0.into_owned();
    bytes[200] = 0xFF;
    let out = process_bytes("x.txt", &bytes);
    assert_eq!(out.documents.len(), 1);
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.stage == "decode" && d.message.contains("replaced"))
    );
}
