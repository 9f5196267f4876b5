//! What an evidence file (佐证材料) is, by its first bytes rather than its name: a file whose
//! content is not what its extension says, or that is a program, is refused before it is stored.

/// A kind of evidence: its name, its extensions, and how its content starts (`None`: plain text,
/// which has no signature: any bytes but NUL).
type Kind = (&'static str, &'static [&'static str], Option<Signature>);
type Signature = &'static [&'static [u8]];

/// The kinds of evidence an office asks for.
const KINDS: &[Kind] = &[
    ("PDF", &["pdf"], Some(&[b"%PDF-"])),
    ("PNG", &["png"], Some(&[b"\x89PNG\r\n\x1a\n"])),
    ("JPEG", &["jpg", "jpeg"], Some(&[b"\xff\xd8\xff"])),
    ("GIF", &["gif"], Some(&[b"GIF87a", b"GIF89a"])),
    ("BMP", &["bmp"], Some(&[b"BM"])),
    ("TIFF", &["tif", "tiff"], Some(&[b"II*\0", b"MM\0*"])),
    ("WebP", &["webp"], Some(&[b"RIFF"])),
    // Office Open XML, OFD (国家版式文档) and zip archives are all zip files.
    ("Office/zip", &["docx", "xlsx", "pptx", "ofd", "zip"], Some(&[b"PK\x03\x04", b"PK\x05\x06"])),
    // The older Office and WPS formats are OLE compound files.
    ("Office 97-2003/WPS", &["doc", "xls", "ppt", "wps", "et", "dps"], Some(&[b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])),
    ("RAR", &["rar"], Some(&[b"Rar!\x1a\x07"])),
    ("7z", &["7z"], Some(&[b"7z\xbc\xaf\x27\x1c"])),
    ("text", &["txt", "csv", "md"], None),
];

/// How programs start: Windows (MZ), ELF, Mach-O, and scripts (#!).
const PROGRAMS: &[&[u8]] = &[b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"#!"];

/// Why an evidence file is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// A program, whatever it is called.
    Program,
    /// An extension no evidence has; the extensions accepted.
    Unknown(String),
    /// The content of another kind (or of none known) than its extension says: the extension and
    /// what the content looks like.
    Mismatch(String, Option<&'static str>),
}

/// Checks an evidence file's content against its name's extension.
pub fn check(name: &str, bytes: &[u8]) -> Result<(), Refused> {
    if PROGRAMS.iter().any(|p| bytes.starts_with(p)) {
        return Err(Refused::Program);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, _, signature)) = KINDS.iter().find(|(_, exts, _)| exts.contains(&ext.as_str())) else {
        let accepted: Vec<&str> = KINDS.iter().flat_map(|(_, exts, _)| exts.iter().copied()).collect();
        return Err(Refused::Unknown(accepted.join(", ")));
    };
    let matches = match signature {
        Some(starts) => starts.iter().any(|s| bytes.starts_with(s)) && (ext != "webp" || bytes.get(8..12) == Some(b"WEBP")),
        None => !bytes.contains(&0) && kind_of(bytes).is_none(),
    };
    if matches { Ok(()) } else { Err(Refused::Mismatch(ext, kind_of(bytes))) }
}

/// What a content looks like, by its signature.
fn kind_of(bytes: &[u8]) -> Option<&'static str> {
    KINDS.iter().find_map(|(kind, _, signature)| signature.filter(|starts| starts.iter().any(|s| bytes.starts_with(s))).map(|_| *kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_and_programs_never_pass() {
        assert_eq!(check("照片.PNG", b"\x89PNG\r\n\x1a\nrest"), Ok(()));
        assert_eq!(check("台账.pdf", b"%PDF-1.7 ..."), Ok(()));
        assert_eq!(check("说明.txt", "情况说明".as_bytes()), Ok(()));
        assert_eq!(check("表.xlsx", b"PK\x03\x04...."), Ok(()));
        assert_eq!(check("动图.webp", b"RIFF\0\0\0\0WEBPVP8 "), Ok(()));
        assert_eq!(check("音频.webp", b"RIFF\0\0\0\0WAVEfmt "), Err(Refused::Mismatch("webp".into(), Some("WebP"))));
        assert_eq!(check("照片.jpg", b"%PDF-1.4"), Err(Refused::Mismatch("jpg".into(), Some("PDF"))));
        assert_eq!(check("说明.txt", b"PK\x03\x04zip"), Err(Refused::Mismatch("txt".into(), Some("Office/zip"))));
        assert_eq!(check("说明.txt", b"bin\0ary"), Err(Refused::Mismatch("txt".into(), None)));
        assert_eq!(check("报告.pdf", b"MZ\x90\0"), Err(Refused::Program));
        assert_eq!(check("run.sh", b"#!/bin/sh"), Err(Refused::Program));
        assert!(matches!(check("setup.exe", b"hello"), Err(Refused::Unknown(_))));
        assert!(matches!(check("无扩展名", b"%PDF-"), Err(Refused::Unknown(_))));
    }
}
