//! From a file's bytes to rows of cells: CSV (UTF-8 with or without a byte-order mark, or
//! UTF-16 with one; comma, semicolon or tab separated) or XLSX (the first sheet, read with
//! calamine). Pure: the bytes come in, the rows go out; nothing is written anywhere.

use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};

/// The largest file read: 5 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most rows read below the header (one per product).
pub const MAX_ROWS: usize = 20_000;
/// The header is looked for among this many rows at the top of the file.
pub const HEADER_SEARCH: usize = 30;
/// Columns read per row: an export has a few dozen; a cell far to the right is not one.
pub const MAX_COLUMNS: usize = 512;

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell of a spreadsheet (CSV cells are always text).
    Number(f64),
}

impl Cell {
    /// The cell as text: a whole number without a decimal point.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// The file format, told by its first bytes (not by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    Xlsx,
}

/// The rows of a file, each with its 1-based row number as a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub format: Format,
    pub rows: Vec<(u64, Vec<Cell>)>,
}

with_all! {
/// Why a file cannot be read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreadable {
    /// No bytes, or nothing but blank rows.
    Empty,
    /// Neither UTF-8 nor UTF-16 text, nor an XLSX workbook (a picture, a PDF…).
    NotText,
    /// The old binary Excel format (.xls).
    OldExcel,
    /// A workbook (zip) that calamine cannot open, or with no sheet.
    BrokenWorkbook,
    /// CSV quoting that does not close, or a similar break.
    BrokenCsv,
}
}

impl Unreadable {
    pub fn key(self) -> &'static str {
        match self {
            Unreadable::Empty => "empty",
            Unreadable::NotText => "not_text",
            Unreadable::OldExcel => "old_excel",
            Unreadable::BrokenWorkbook => "broken_workbook",
            Unreadable::BrokenCsv => "broken_csv",
        }
    }
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is {bytes} bytes, over the {MAX_BYTES}-byte limit")]
    TooBig { bytes: usize },
    #[error("the file has more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("unreadable: {}", .0.key())]
    Unreadable(Unreadable),
}

/// Reads `bytes` as XLSX (when they start like a zip) or as CSV. `max_rows` caps the rows kept
/// (the caller knows how many the header may take): one more is an error.
pub fn read(bytes: &[u8], max_rows: usize) -> Result<Sheet, SheetError> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooBig { bytes: bytes.len() });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::Unreadable(Unreadable::Empty));
    }
    let sheet = if bytes.starts_with(b"PK\x03\x04") {
        Sheet {
            format: Format::Xlsx,
            rows: xlsx(bytes, max_rows)?,
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(SheetError::Unreadable(Unreadable::OldExcel));
    } else {
        Sheet {
            format: Format::Csv,
            rows: csv(&text(bytes)?, max_rows)?,
        }
    };
    if sheet.rows.is_empty() {
        return Err(SheetError::Unreadable(Unreadable::Empty));
    }
    Ok(sheet)
}

/// The file as text: UTF-8 (a byte-order mark dropped) or UTF-16 with its byte-order mark
/// (what Excel's "Unicode text" saves).
fn text(bytes: &[u8]) -> Result<String, SheetError> {
    let not_text = SheetError::Unreadable(Unreadable::NotText);
    let utf16 = |bytes: &[u8], le: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                if le {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| not_text.clone())
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        std::str::from_utf8(rest)
            .map_err(|_| not_text.clone())?
            .to_owned()
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false)?
    } else {
        std::str::from_utf8(bytes)
            .map_err(|_| not_text.clone())?
            .to_owned()
    };
    // Control characters other than line breaks and tabs: a binary file that happens to be
    // valid UTF-8 (or a picture's header).
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(not_text);
    }
    Ok(text)
}

/// The separators a Seller Center CSV may use, depending on the computer's language settings.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// Reads CSV text with the separator that splits its top rows into the most columns on the
/// row that splits best (a header of an export has a dozen or more; a thousands separator
/// inside quotes does not count, as the csv crate honours the quotes).
fn csv(text: &str, max_rows: usize) -> Result<Vec<(u64, Vec<Cell>)>, SheetError> {
    let best = SEPARATORS
        .iter()
        .copied()
        .max_by_key(|&sep| {
            let widest = reader(text, sep)
                .records()
                .take(HEADER_SEARCH)
                .filter_map(Result::ok)
                .map(|r| r.len())
                .max()
                .unwrap_or(0);
            // On a tie the earlier separator wins (max_by_key keeps the last maximum).
            (widest, std::cmp::Reverse(sep_rank(sep)))
        })
        .unwrap_or(b',');
    let mut rows = Vec::new();
    let bytes = text.as_bytes();
    // The line each record starts on, as a spreadsheet numbers rows: blank lines count (the
    // csv crate skips them, and its own line count depends on the line ends).
    let (mut counted, mut newlines) = (0usize, 0u64);
    for record in reader(text, best).records() {
        let record = record.map_err(|_| SheetError::Unreadable(Unreadable::BrokenCsv))?;
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted)
            .max(counted);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let seen = bytes.get(counted..start).unwrap_or_default();
        // A handful of line-end bytes at a time: counting them one by one is plenty.
        #[allow(clippy::naive_bytecount)]
        let seen_newlines = seen.iter().filter(|b| **b == b'\n').count();
        newlines += seen_newlines as u64;
        counted = start;
        let line = newlines + 1;
        if rows.len() >= max_rows {
            return Err(SheetError::TooManyRows);
        }
        let cells = record
            .iter()
            .take(MAX_COLUMNS)
            .map(|c| {
                let c = unquote_curly(c.trim());
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_owned())
                }
            })
            .collect();
        rows.push((line, cells));
    }
    Ok(rows)
}

fn sep_rank(sep: u8) -> usize {
    SEPARATORS.iter().position(|s| *s == sep).unwrap_or(0)
}

fn reader(text: &str, sep: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// A cell wrapped whole in curly quotes (“…”), as some spreadsheet apps and copy-paste leave
/// them, loses them; curly quotes inside a name stay.
fn unquote_curly(cell: &str) -> &str {
    cell.strip_prefix('“')
        .and_then(|c| c.strip_suffix('”'))
        .unwrap_or(cell)
}

/// The first sheet of a workbook, cell by cell, stopping as soon as it holds too many rows
/// (so a huge sheet is not read whole into memory first).
fn xlsx(bytes: &[u8], max_rows: usize) -> Result<Vec<(u64, Vec<Cell>)>, SheetError> {
    let broken = |_| SheetError::Unreadable(Unreadable::BrokenWorkbook);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(broken)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::Unreadable(Unreadable::BrokenWorkbook))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(broken)?;
    let mut rows: Vec<(u64, Vec<Cell>)> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(broken)? {
        let (row, col) = cell.get_position();
        let (row, col) = (u64::from(row) + 1, col as usize);
        if col >= MAX_COLUMNS {
            continue;
        }
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text_cell(s),
            DataRef::SharedString(s) => text_cell(s),
            DataRef::Bool(b) => Cell::Text(b.to_string()),
            DataRef::DateTime(d) => Cell::Text(Data::DateTime(*d).to_string()),
            DataRef::Error(e) => Cell::Text(e.to_string()),
        };
        if rows.last().is_none_or(|(r, _)| *r != row) {
            if rows.len() >= max_rows {
                return Err(SheetError::TooManyRows);
            }
            rows.push((row, Vec::new()));
        }
        if let Some((_, cells)) = rows.last_mut() {
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            cells[col] = value;
        }
    }
    Ok(rows)
}

fn text_cell(s: &str) -> Cell {
    let t = unquote_curly(s.trim());
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
        sheet
            .rows
            .iter()
            .map(|(_, r)| r.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn commas_semicolons_and_tabs_are_told_apart() {
        let comma = read(b"a,b,c\n1,\"2,5\",3\n", 10).unwrap();
        assert_eq!(texts(&comma)[1], ["1", "2,5", "3"]);
        let semi = read("a;b;c\n1;\"1,234\";3\n".as_bytes(), 10).unwrap();
        assert_eq!(texts(&semi)[1], ["1", "1,234", "3"]);
        let tab = read(b"a\tb\tc\n1\t2\t3\n", 10).unwrap();
        assert_eq!(texts(&tab)[0], ["a", "b", "c"]);
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_utf16_is_read() {
        let bom = read("\u{feff}Product ID,Name\n1,x\n".as_bytes(), 10).unwrap();
        assert_eq!(texts(&bom)[0][0], "Product ID");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "a;b\n1;2\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(texts(&read(&utf16, 10).unwrap())[1], ["1", "2"]);
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        for text in ["a\r\n\r\nb\r\n\"c\r\nd\"\r\ne", "a\n\nb\n\"c\nd\"\ne\n"] {
            let rows: Vec<u64> = read(text.as_bytes(), 10)
                .unwrap()
                .rows
                .iter()
                .map(|(r, _)| *r)
                .collect();
            assert_eq!(rows, [1, 3, 4, 6], "{text:?}");
        }
    }

    #[test]
    fn curly_quotes_around_a_whole_cell_go_and_inside_a_name_stay() {
        let s = read("“Mug”,\"The “Best” mug, blue\"\n".as_bytes(), 10).unwrap();
        assert_eq!(texts(&s)[0], ["Mug", "The “Best” mug, blue"]);
    }

    #[test]
    fn files_that_are_not_tables_are_refused_with_the_reason() {
        assert_eq!(
            read(b"", 10),
            Err(SheetError::Unreadable(Unreadable::Empty))
        );
        assert_eq!(
            read(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 10),
            Err(SheetError::Unreadable(Unreadable::NotText))
        );
        assert_eq!(
            read(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], 10),
            Err(SheetError::Unreadable(Unreadable::OldExcel))
        );
        assert_eq!(
            read(b"PK\x03\x04 not really a zip", 10),
            Err(SheetError::Unreadable(Unreadable::BrokenWorkbook))
        );
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(
            read(&big, 10),
            Err(SheetError::TooBig {
                bytes: MAX_BYTES + 1
            })
        );
        assert_eq!(read(b"1\n2\n3\n", 2), Err(SheetError::TooManyRows));
        assert!(read(b"1\n2\n", 2).is_ok());
    }
}
