"""The one reader of tabular files (CSV, TSV, .xlsx): decoding, delimiters, merged cells,
sheets and positions, for the actual values, the importer and the audit alike."""
