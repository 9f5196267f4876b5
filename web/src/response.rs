//! A response to the page: the JSON it shows, then the binary outputs (see the crate's docs).

use serde::Serialize;

use crate::request::Kind;

/// A file the page offers for download, its bytes at `start..end` after the JSON.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Download {
    /// The page picks the button by it.
    pub kind: Kind,
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// The binary outputs of a run, laid one after another.
#[derive(Debug, Default)]
pub struct Downloads {
    pub list: Vec<Download>,
    bytes: Vec<u8>,
}

impl Downloads {
    pub fn add(&mut self, kind: Kind, name: String, bytes: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(bytes);
        self.list.push(Download { kind, name, start, end: self.bytes.len() });
    }

    /// The bytes of a download, as the page cuts them out.
    pub fn get(&self, kind: Kind) -> Option<&[u8]> {
        self.list.iter().find(|d| d.kind == kind).map(|d| &self.bytes[d.start..d.end])
    }
}

/// `u32` length of the rest, `u32` length of the JSON, the JSON, the downloads' bytes.
pub fn encode(json: &[u8], downloads: &Downloads) -> Vec<u8> {
    let rest = 4 + json.len() + downloads.bytes.len();
    let mut out = Vec::with_capacity(4 + rest);
    // A response over 4 GB cannot exist in a 32-bit address space; natively it would be a bug.
    out.extend_from_slice(&u32::try_from(rest).expect("response under 4 GB").to_le_bytes());
    out.extend_from_slice(&u32::try_from(json.len()).expect("response under 4 GB").to_le_bytes());
    out.extend_from_slice(json);
    out.extend_from_slice(&downloads.bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_lead_and_downloads_follow_the_json() {
        let mut downloads = Downloads::default();
        downloads.add(Kind::Csv, "a.csv".into(), b"x,y");
        downloads.add(Kind::Json, "a.json".into(), b"{}");
        assert_eq!(downloads.list[1], Download { kind: Kind::Json, name: "a.json".into(), start: 3, end: 5 });
        assert_eq!(downloads.get(Kind::Json), Some(&b"{}"[..]));
        let out = encode(b"{\"ok\":1}", &downloads);
        assert_eq!(out[..4], 17u32.to_le_bytes());
        assert_eq!(out[4..8], 8u32.to_le_bytes());
        assert_eq!(&out[8..16], b"{\"ok\":1}");
        assert_eq!(&out[16..], b"x,y{}");
    }
}
