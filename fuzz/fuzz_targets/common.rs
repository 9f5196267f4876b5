// Shared by both targets: the first byte of an input picks the format, the rest is the file.
use zhibiao::grid::Format;

pub fn split(data: &[u8]) -> Option<(Format, &[u8])> {
    let (&first, rest) = data.split_first()?;
    let format = [Format::Xlsx, Format::Xlsb, Format::Xls, Format::Ods, Format::Csv][usize::from(first) % 5];
    Some((format, rest))
}
