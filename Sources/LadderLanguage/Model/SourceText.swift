/// An optional text of the model, such as a stage's title: kept as its place in the source file's
/// bytes when it is written there as is (a plain or simply quoted scalar), otherwise as a string.
///
/// A large workflow has thousands of titles longer than a small string holds (15 bytes), each a
/// string allocated for the YAML tree; the model then keeps none of them alive: the file's bytes,
/// which it holds anyway, already have the text.
struct SourceText: Sendable {
    private enum Storage: Sendable {
        case none
        case text(String)
        /// The bytes `start..<start + count` of the file.
        case inSource([UInt8], start: UInt32, count: UInt32)
    }

    private var storage: Storage

    init(_ text: String?) {
        storage = text.map(Storage.text) ?? .none
    }

    /// `text`, as the bytes `range` of `bytes` when they are exactly its UTF-8.
    init(_ text: String, in bytes: [UInt8], at range: Range<Int>) {
        if range.lowerBound >= 0, range.upperBound <= bytes.count, range.count == text.utf8.count,
           range.count <= Int(UInt32.max), SourceText.bytes(bytes, at: range, equal: text) {
            storage = .inSource(bytes, start: UInt32(range.lowerBound), count: UInt32(range.count))
        } else {
            storage = .text(text)
        }
    }

    /// Whether `bytes[range]` are `text`'s UTF-8 (as many bytes), compared over contiguous
    /// buffers: no generic walk of a string's UTF-8 view.
    private static func bytes(_ bytes: [UInt8], at range: Range<Int>, equal text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            bytes.withUnsafeBufferPointer { all in UnsafeBufferPointer(rebasing: all[range]).sameBytes(as: utf8) }
        }
    }

    var value: String? {
        switch storage {
        case .none: nil
        case .text(let text): text
        case .inSource(let bytes, let start, let count): String(decoding: bytes[Int(start)..<Int(start + count)], as: UTF8.self)
        }
    }
}
