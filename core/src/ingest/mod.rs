//! Reading the marketplace's own data: export rows mapped by header name ([`table`],
//! through a [`Mapping`]) and the open platform's trade objects ([`trade`]). Pure, like
//! the rest of the core: hosts read files and decode GBK, the core decides what a cell
//! means, so the CLI and the browser extension map a row the same way.
//!
//! An order read here lists in `unknown` the facts its source does not carry (an export
//! has no flag colour), and the checks and rules that need them say so instead of
//! guessing.

pub mod cell;
pub mod mapping;
pub mod page;
pub mod table;
pub mod trade;

pub use mapping::{Mapping, RowKind, Target};
pub use table::{attach_items, Columns};

use crate::model::code::Code;
use crate::model::error::ErrorReport;
use crate::model::order::OrderError;

/// Why a row or a file of seller data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// The header lacks a column the mapping requires (`KEFU-EXPORT-COLUMN`).
    #[error("no column for `{target}` in this file (looked for: {names})")]
    MissingColumn {
        /// The field.
        target: String,
        /// The headers that would carry it.
        names: String,
    },
    /// A header the mapping names is in the header row twice (`KEFU-EXPORT-COLUMN`):
    /// which column to read would be a guess.
    #[error("the header `{header}` is in columns {first} and {second}: kefu cannot tell which to read; rename or remove one")]
    DuplicateColumn {
        /// The header, folded as it is compared.
        header: String,
        /// Its first position, counted from 1.
        first: usize,
        /// Its second position, counted from 1.
        second: usize,
    },
    /// A cell's value cannot be read (`KEFU-EXPORT-CELL`).
    #[error("column `{column}`: {message}")]
    Cell {
        /// The header of the column.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// A status text the mapping does not know (`KEFU-EXPORT-STATUS`).
    #[error("column `{column}`: status `{text}` is not in mapping `{mapping}`'s status table")]
    Status {
        /// The header of the column.
        column: String,
        /// The text.
        text: String,
        /// The mapping.
        mapping: String,
    },
    /// A trade object that cannot be read (`KEFU-TRADE-*`, the path names the field).
    #[error("{0}")]
    Trade(Box<ErrorReport>),
    /// The mapped order breaks a rule of the model (`KEFU-ORDER-INVALID`...).
    #[error("{0}")]
    Order(OrderError),
}

impl IngestError {
    /// The stable code.
    pub fn code(&self) -> &str {
        match self {
            IngestError::MissingColumn { .. } | IngestError::DuplicateColumn { .. } => Code::ExportColumn.as_str(),
            IngestError::Cell { .. } => Code::ExportCell.as_str(),
            IngestError::Status { .. } => Code::ExportStatus.as_str(),
            IngestError::Trade(r) => &r.code,
            IngestError::Order(e) => e.code(),
        }
    }

    /// The column at fault, when one is.
    pub fn column(&self) -> Option<&str> {
        match self {
            IngestError::Cell { column, .. } | IngestError::Status { column, .. } => Some(column),
            IngestError::DuplicateColumn { header, .. } => Some(header),
            _ => None,
        }
    }

    /// The flat report hosts print; `path` is the column's header (or the field's path).
    pub fn report(&self) -> ErrorReport {
        let code = match self {
            IngestError::Trade(r) => return (**r).clone(),
            IngestError::Order(e) => return e.report(),
            IngestError::MissingColumn { .. } | IngestError::DuplicateColumn { .. } => Code::ExportColumn,
            IngestError::Cell { .. } => Code::ExportCell,
            IngestError::Status { .. } => Code::ExportStatus,
        };
        ErrorReport::of(code, self.to_string()).at(self.column().unwrap_or_default())
    }
}
