/// A range of a source file, from `start` (inclusive) to `end` (exclusive).
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// The path of the file as the user named it.
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = end < start ? start : end
    }

    /// A span covering a whole file's first position; used when nothing more precise is known.
    public static func fileStart(_ file: String) -> SourceSpan {
        let origin = SourceLocation(line: 1, column: 1, offset: 0)
        return SourceSpan(file: file, start: origin, end: origin)
    }

    /// The smallest span covering both spans (same file assumed).
    public func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(file):\(start.line):\(start.column)" }
}
