// The card's barcode as bars: the core draws it as SVG (the same bars on
// Android, iOS and the terminal); this reads the SVG's `<rect>` elements
// back, so SwiftUI's Canvas can draw them sharp at any size. Mirrors
// BarcodeBars.kt.
import Foundation

/// The bars of a one-dimensional barcode, in the SVG's units.
struct BarcodeBars: Equatable, Sendable {
    /// One dark bar: where it starts and how wide it is.
    struct Bar: Equatable, Sendable {
        let x: Double
        let width: Double
    }

    /// The whole code's width (the `viewBox`), quiet zones included.
    let width: Double
    /// The height the core drew (bars are stretched to the view's height).
    let height: Double
    /// The dark bars, left to right.
    let bars: [Bar]

    /// The bars of `svg` as barcoders writes it: a `viewBox`, one background
    /// `<rect>` over the whole width, then one `<rect x width fill>` per dark
    /// module. Light (white, transparent) rects and the background are left
    /// out, adjacent bars merged (Kotlin's `BarcodeBars.parse`). Nil when the
    /// SVG has no width or no dark bar: the screen then shows the number only.
    init?(svg: String) {
        var width = 0.0
        var height = 0.0
        if let box = Self.attribute("viewBox", in: svg) {
            let numbers = box.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
            if numbers.count == 4 {
                width = numbers[2]
                height = numbers[3]
            }
        }
        var bars: [Bar] = []
        var right = 0.0
        for element in Self.elements("rect", in: svg) {
            guard let w = Self.attribute("width", in: element).flatMap(Double.init), w > 0 else { continue }
            let x = Self.attribute("x", in: element).flatMap(Double.init) ?? 0
            right = max(right, x + w)
            if let h = Self.attribute("height", in: element).flatMap(Double.init) { height = max(height, h) }
            if Self.isLight(Self.attribute("fill", in: element)) { continue }
            if let opacity = Self.attribute("fill-opacity", in: element).flatMap(Double.init), opacity < 0.5 { continue }
            bars.append(Bar(x: x, width: w))
        }
        if width <= 0 { width = right }
        // The background spans the whole width; adjacent bars become one.
        var merged: [Bar] = []
        for bar in bars.filter({ $0.width < width }).sorted(by: { $0.x < $1.x }) {
            if let last = merged.last, bar.x <= last.x + last.width + 1e-3 {
                merged[merged.count - 1] = Bar(x: last.x, width: max(last.width, bar.x + bar.width - last.x))
            } else {
                merged.append(bar)
            }
        }
        guard width > 0, !merged.isEmpty else { return nil }
        self.width = width
        self.height = height > 0 ? height : width / 4
        self.bars = merged
    }

    /// White, transparent or none: not a bar. SVG's default fill is black.
    private static func isLight(_ fill: String?) -> Bool {
        guard let fill = fill?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return ["#fff", "#ffffff", "#ffffffff", "white", "none", "transparent"].contains(fill)
    }

    /// Every `<name …>` start tag in `text`.
    private static func elements(_ name: String, in text: String) -> [String] {
        guard let pattern = try? NSRegularExpression(pattern: "<\(name)\\b[^>]*>", options: [.caseInsensitive]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]) }
        }
    }

    /// The value of attribute `name` in the first tag of `tag` that has it.
    private static func attribute(_ name: String, in tag: String) -> String? {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        guard let pattern = try? NSRegularExpression(pattern: "(?:^|\\s)\(escaped)\\s*=\\s*[\"']([^\"']*)[\"']") else { return nil }
        let range = NSRange(tag.startIndex..., in: tag)
        guard let match = pattern.firstMatch(in: tag, range: range),
              let value = Range(match.range(at: 1), in: tag)
        else { return nil }
        return String(tag[value])
    }
}
