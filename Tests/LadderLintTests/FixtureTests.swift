import Foundation
import LadderDiagnostics
import Testing
@testable import LadderLint

/// Each rule has `Fixtures/<rule-id>/bad.yaml`, whose findings are written next to the lines they
/// point at, and `Fixtures/<rule-id>/good.yaml`, which is clean.
///
/// Markers (see `Markers` in Support.swift): `# expect: <rule-id>@<column>` or
/// `# expect: <rule-id>@<column>-<end column>` (1-based character columns, end exclusive), several
/// separated by commas. A marker at the end of a line points at that line; a marker on a line of
/// its own points at the line above it. The findings of a bad fixture must be exactly the marked
/// ones: same rules, lines and columns, nothing more.
struct FixtureTests {
    static let ids = RuleRegistry.all.map { $0.id }

    @Test(arguments: ids)
    func badFixtureReportsExactlyTheMarkedFindings(id: String) throws {
        let source = try Fixtures.source("\(id)/bad.yaml")
        let expected = Markers.parse(source)
        #expect(expected.contains { $0.id == id }, "the bad fixture of \(id) marks none of its findings")
        let diagnostics = Linter().lint(source)
        for marker in expected {
            #expect(diagnostics.contains { marker.matches($0) }, "\(id): expected \(marker), got:\n\(summary(diagnostics))")
        }
        for diagnostic in diagnostics {
            #expect(expected.contains { $0.matches(diagnostic) }, "\(id): unexpected finding \(summary([diagnostic]))")
        }
    }

    @Test(arguments: ids)
    func goodFixtureIsClean(id: String) throws {
        let diagnostics = Linter().lint(try Fixtures.source("\(id)/good.yaml"))
        #expect(diagnostics.isEmpty, "\(id):\n\(summary(diagnostics))")
    }

    @Test func markersPointAtTheirLineOrTheLineAbove() {
        let text = "a: 1  # expect: x@4\nb:\n  - c\n  # expect: y@5-6, z@3\n"
        let markers = Markers.parse(SourceFile(path: "m.yaml", bytes: Array(text.utf8)))
        #expect(markers == [
            ExpectedDiagnostic(id: "x", line: 1, column: 4, endColumn: nil),
            ExpectedDiagnostic(id: "y", line: 3, column: 5, endColumn: 6),
            ExpectedDiagnostic(id: "z", line: 3, column: 3, endColumn: nil),
        ])
    }
}
