internal import CQRencode

/// A QR code made by libqrencode, as the modules a template draws.
///
/// Templates cannot print unescaped markup, so the code reaches them as an SVG path (`d`
/// attribute: only `M`, `h`, `v`, `z`, digits and spaces, which HTML escaping leaves as they
/// are) and the side of its view box, quiet zone included.
public struct QRCode: Sendable, Hashable {
    /// Modules per side, without the quiet zone.
    public let width: Int
    /// `width` plus a quiet zone of four modules on each side: the SVG view box's side.
    public let box: Int
    /// One `M x,y h n v 1 h -n z` rectangle per run of dark modules in a row.
    public let path: String

    /// Encodes `text` at error-correction level M (15 %), the smallest version that holds it.
    /// Upper-case letters, digits and ` $%*+-./:` use the compact alphanumeric mode.
    /// - Returns: `nil` when libqrencode cannot encode the text (longer than a version-40 code holds).
    public init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                guard data[y * width + x] & 1 == 1 else { x += 1; continue }
                let start = x
                while x < width, data[y * width + x] & 1 == 1 { x += 1 }
                if !path.isEmpty { path += " " }
                path += "M\(start + 4),\(y + 4)h\(x - start)v1h-\(x - start)z"
            }
        }
        self.width = width
        self.box = width + 8
        self.path = path
    }
}
