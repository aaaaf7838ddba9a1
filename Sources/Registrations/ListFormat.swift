import Diagnostics

/// What kind of file a registration list is, told from its first bytes (not its name).
public enum ListFormat: Sendable, Equatable {
    /// Text: CSV (any delimiter or encoding the CSV reader takes).
    case csv
    /// A ZIP container: an Excel workbook (.xlsx, .xlsm), read by ``XLSXReader``.
    case xlsx
    /// An OLE2 compound file: an old binary workbook (.xls), or an .xlsx saved with a password
    /// (``encrypted``), which the tool cannot read.
    case ole2(encrypted: Bool)

    /// The format of a file whose first bytes are `head` (8 are enough; fewer means CSV).
    public static func sniff(_ head: some Collection<UInt8>) -> ListFormat {
        let bytes = Array(head.prefix(8))
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if bytes == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] { return .ole2(encrypted: false) }
        return .csv
    }

    /// True when an OLE2 file holds an `EncryptedPackage` stream (its name is in the directory
    /// as UTF-16): a workbook protected by a password.
    public static func holdsEncryptedPackage(_ bytes: some Collection<UInt8>) -> Bool {
        let name = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let all = Array(bytes)
        guard all.count >= name.count else { return false }
        var i = 0
        while i + name.count <= all.count {
            if all[i] == name[0], all[i..<(i + name.count)].elementsEqual(name) { return true }
            i += 1
        }
        return false
    }

    /// The error for a list that cannot be read as it is (exit 2), saying what to save it as.
    public static func unreadable(_ format: ListFormat, file: String) -> DiagnosticError? {
        guard case .ole2(let encrypted) = format else { return nil }
        let at = SourceLocation(file: file, line: 1, column: 1)
        if encrypted {
            return DiagnosticError(.error("xlsx-encrypted", "'\(file)' is a workbook protected by a password; open it in Excel, remove the password (File > Info > Protect Workbook) and save it as .xlsx or as 'CSV UTF-8', then check it again", at: at))
        }
        return DiagnosticError(.error("xlsx-old-format", "'\(file)' is an old binary Excel workbook (.xls); open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or as 'CSV UTF-8', then check it again", at: at))
    }
}
