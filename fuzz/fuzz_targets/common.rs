// Shared by both targets: the first byte of an input picks the format, the rest is the file.
use zhibiao::grid::Format;

pub fn split(data: &[u8]) -> Option<(Format, &[u8])> {
    let (&first, rest) = data.split_first()?;
    const FORMATS: [Format; 8] = [Format::Xlsx, Format::Xlsb, Format::Xls, Format::Ods, Format::Csv, Format::Docx, Format::Doc, Format::Txt];
    let format = FORMATS[usize::from(first) % FORMATS.len()];
    Some((format, rest))
}
