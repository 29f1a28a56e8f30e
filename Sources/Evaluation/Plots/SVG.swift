import Foundation

/// A tiny SVG canvas for report plots (viewable in any browser).
struct SVG {
    let width: Double, height: Double
    private var body: [String] = []

    init(width: Double, height: Double) { self.width = width; self.height = height }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String = "none") {
        body.append(#"<rect x="\#(f(x))" y="\#(f(y))" width="\#(f(w))" height="\#(f(h))" fill="\#(fill)" stroke="\#(stroke)"/>"#)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#444", dash: Bool = false) {
        body.append(#"<line x1="\#(f(x1))" y1="\#(f(y1))" x2="\#(f(x2))" y2="\#(f(y2))" stroke="\#(stroke)"\#(dash ? #" stroke-dasharray="4 3""# : "")/>"#)
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String) {
        body.append(#"<circle cx="\#(f(x))" cy="\#(f(y))" r="\#(f(r))" fill="\#(fill)"/>"#)
    }

    mutating func text(_ x: Double, _ y: Double, _ s: String, size: Double = 12, anchor: String = "middle", fill: String = "#000") {
        body.append(#"<text x="\#(f(x))" y="\#(f(y))" font-family="sans-serif" font-size="\#(f(size))" text-anchor="\#(anchor)" fill="\#(fill)">\#(escape(s))</text>"#)
    }

    func render() -> String {
        (["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\">",
          "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"] + body + ["</svg>"]).joined(separator: "\n")
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
