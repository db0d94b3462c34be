import CYAML
import Foundation

/// What libyaml reported when it stopped on an error, copied out of the parser.
struct ParserFailure {
    var error: yaml_error_type_t
    var problem: String?
    var context: String?
    var problem_offset: Int
    var problem_mark: yaml_mark_t
    var context_mark: yaml_mark_t

    init(_ parser: yaml_parser_t) {
        error = parser.error
        problem = parser.problem.map { String(cString: $0) }
        context = parser.context.map { String(cString: $0) }
        problem_offset = parser.problem_offset
        problem_mark = parser.problem_mark
        context_mark = parser.context_mark
    }
}
