import CYAML
import LadderDiagnostics

/// The positions libyaml itself reports, for the tests and the fuzz target that check Ladder's
/// positions (looked up from byte offsets in the file's line table) against them.
public enum LibyamlMarks {
    /// The start and end marks of every scalar event, in document order: 0-based line, column,
    /// end line, end column. Stops at the first syntax error.
    public static func scalars(_ bytes: [UInt8]) -> [[Int]] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        var marks: [[Int]] = []
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_SCALAR_EVENT {
                    marks.append([event.start_mark.line, event.start_mark.column, event.end_mark.line, event.end_mark.column].map { Int($0) })
                }
                if event.type == YAML_STREAM_END_EVENT { break }
            }
        }
        return marks
    }

    /// The same four numbers for every scalar of a tree, in document order, from its spans.
    public static func scalars(of node: YAMLNode, in source: SourceFile) -> [[Int]] {
        switch node.content {
        case .scalar:
            let span = node.span(in: source)
            return [[span.start.line - 1, span.start.column - 1, span.end.line - 1, span.end.column - 1]]
        case .sequence(let items): return items.flatMap { scalars(of: $0, in: source) }
        case .mapping(let pairs): return pairs.flatMap { scalars(of: $0.key, in: source) + scalars(of: $0.value, in: source) }
        }
    }
}
