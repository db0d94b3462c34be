import Foundation

/// A file path interned as a small number. Spans are copied everywhere (every YAML node, every
/// value of a workflow carries one), and a number costs neither reference counting on each copy
/// nor 16 bytes in each span, where a `String` does.
public struct SourceFileID: Hashable, Sendable {
    let rawValue: UInt32

    public init(_ path: String) {
        rawValue = FileTable.shared.intern(path)
    }

    /// The path as the user named it.
    public var path: String { FileTable.shared.path(rawValue) }
}

/// The interned paths of the process (a few per run: one per file read).
private final class FileTable: @unchecked Sendable {
    static let shared = FileTable()
    private let lock = NSLock()
    private var ids: [String: UInt32] = [:]
    private var paths: [String] = []

    func intern(_ path: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[path] { return id }
        let id = UInt32(paths.count)
        paths.append(path)
        ids[path] = id
        return id
    }

    func path(_ id: UInt32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return paths[Int(id)]
    }
}

/// A range of a source file, from `start` (inclusive) to `end` (exclusive).
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// The file, interned: see `file` for its path.
    public var fileID: SourceFileID
    public var start: SourceLocation
    public var end: SourceLocation

    /// The path of the file as the user named it.
    public var file: String {
        get { fileID.path }
        set { fileID = SourceFileID(newValue) }
    }

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.init(fileID: SourceFileID(file), start: start, end: end)
    }

    public init(fileID: SourceFileID, start: SourceLocation, end: SourceLocation) {
        self.fileID = fileID
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
        SourceSpan(fileID: fileID, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(file):\(start.line):\(start.column)" }
}
