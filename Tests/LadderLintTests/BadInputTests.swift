import Foundation
import LadderDiagnostics
import LadderTestSupport
import Testing
@testable import LadderLint

/// No input, however broken, crashes or hangs the linter: each gets a located diagnostic.
struct BadInputTests {
    private func lint(_ bytes: [UInt8]) -> [Diagnostic] {
        Linter().lint(SourceFile(path: "bad.yaml", bytes: bytes))
    }

    private func expectLocated(_ diagnostics: [Diagnostic], _ id: String, sourceLines: Int, _ comment: Comment) {
        #expect(diagnostics.contains { $0.id == id }, comment)
        for diagnostic in diagnostics {
            #expect(diagnostic.span.file == "bad.yaml")
            #expect(diagnostic.span.start.line >= 1 && diagnostic.span.start.line <= sourceLines + 1, comment)
        }
    }

    @Test func binaryDataIsASyntaxErrorAtItsByte() {
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        expectLocated(lint(bytes), "yaml-syntax", sourceLines: SourceFile(path: "", bytes: bytes).lineCount, "binary")
    }

    @Test func truncatedWorkflowIsASyntaxError() throws {
        let text = "ladder: 1\nworkflow: demo\nstages:\n  a: { title: \"unfinished"
        let diagnostics = lint(Array(text.utf8))
        expectLocated(diagnostics, "yaml-syntax", sourceLines: 4, "truncated")
        #expect(diagnostics.first?.hint?.contains("close it") == true)
    }

    @Test func oneMegabyteLineIsReadAndReported() {
        let text = "ladder: 1\nworkflow: demo\nstages: { a: {} }\ntitle: " + String(repeating: "x", count: 1_000_000) + "\nbogus: 1\n"
        let diagnostics = lint(Array(text.utf8))
        expectLocated(diagnostics, "unknown-key", sourceLines: 5, "long line")
        #expect(diagnostics.first { $0.id == "unknown-key" }?.span.start.line == 5)
    }

    @Test func deepNestingIsBounded() {
        let text = "ladder: 1\nworkflow: demo\nstages: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n"
        expectLocated(lint(Array(text.utf8)), "yaml-syntax", sourceLines: 3, "deep nesting")
    }

    @Test func aliasBombStopsWithAliasLimit() {
        var text = "ladder: 1\nworkflow: demo\nstages: { a: {} }\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1..<12 {
            text += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        expectLocated(lint(Array(text.utf8)), "alias-limit", sourceLines: 16, "alias bomb")
    }

    @Test func hugeNumbersAreInvalidValuesNotOverflows() {
        let text = """
        ladder: 99999999999999999999999999
        workflow: demo
        fields:
          arr: { type: number, default: 1e999 }
          count: { type: int, default: 99999999999999999999 }
        stages:
          a: { sla: 99999999999999999h, when: case.count > 99999999999999999999999 }
        """
        let diagnostics = lint(Array(text.utf8))
        #expect(diagnostics.filter { $0.id == "invalid-value" }.count >= 4, "\(diagnostics.map(\.message))")
        #expect(diagnostics.contains { $0.span.start.line == 7 && $0.id == "expression-syntax" || $0.id == "invalid-value" && $0.span.start.line == 7 })
    }

    @Test func invalidUTF8IsReportedAtTheLine() {
        var bytes = Array("ladder: 1\nworkflow: demo\nstages:\n  a: { title: ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" }\n".utf8)
        let diagnostics = lint(bytes)
        expectLocated(diagnostics, "yaml-syntax", sourceLines: 4, "utf8")
        #expect(diagnostics.first?.span.start.line == 4)
    }

    @Test func emptyAndWhitespaceFilesAreReported() {
        expectLocated(lint([]), "yaml-syntax", sourceLines: 1, "empty")
        let blank = lint(Array("   \n\n".utf8))
        #expect(!blank.isEmpty, "a blank file must be reported")
    }

    @Test func randomMutationsOfAnExampleNeverCrash() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let original = Array(try Data(contentsOf: root.appendingPathComponent("workflows/customer_escalation.yaml")))
        var generator = SplitMix64(seed: 42)
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 8 + 1) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: position)
                default:
                    let alphabet = Array("-:{}[]!&*\"'#\n ".utf8)
                    bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                }
            }
            _ = lint(bytes)
        }
    }
}
