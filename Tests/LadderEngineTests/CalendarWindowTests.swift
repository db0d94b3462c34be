import Foundation
import LadderDiagnostics
@testable import LadderEngine
import LadderExpressions
import LadderLanguage
import LadderTime
import Testing

/// The state keeps one `BusinessCalendar.Window` per calendar between steps (a cache of where
/// each calendar is open or closed around the latest instant). Keeping it must change nothing:
/// every step gives the same effects and state as a step from the same state with no windows
/// kept, over weeks with the European and American daylight-saving changes, holidays, queues
/// waiting for closed teams, pauses and breaches, and timers fired when due.
struct CalendarWindowTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func escalation() throws -> CompiledWorkflow {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows/customer_escalation.yaml").path
        let data = try #require(FileManager.default.contents(atPath: path))
        let (compiled, diagnostics) = WorkflowAnalyzer.load(SourceFile(path: path, bytes: Array(data)))
        #expect(!diagnostics.contains { $0.severity == .error })
        return compiled
    }

    func run(from start: Instant, days: Int64, seed: UInt64, options: Engine.Options) throws {
        let engine = Engine(try escalation(), options: options)
        var random = Random(state: seed)
        var planned: [(Instant, Int, EngineEvent)] = []
        let priorities = ["P1", "P2", "P3", "P4"], regions = ["emea", "amer", "apac"]
        for number in 0..<120 {
            let id = "W-\(number)"
            var time = start + Int64(random.next(Int(days * 86_400)))
            let priority = priorities[random.next(4)]
            planned.append((time, planned.count, .open(caseID: id, fields: [
                FieldValue("title", .string("Case \(id)")), FieldValue("priority", .string(priority)),
                FieldValue("region", .string(regions[random.next(3)])), FieldValue("customer.name", .string("Customer")),
                FieldValue("customer.email", .string("c@example.com")),
            ])))
            time = time + Int64(random.next(3 * 3600))
            planned.append((time, planned.count, .complete(caseID: id, stage: "acknowledge", outcome: nil)))
            if random.next(2) == 0 {
                time = time + Int64(random.next(2 * 86_400))
                planned.append((time, planned.count, .update(caseID: id, fields: [FieldValue("status", .string("waiting-on-customer"))])))
                time = time + Int64(random.next(2 * 86_400))
                planned.append((time, planned.count, .update(caseID: id, fields: [FieldValue("status", .string("open"))])))
            }
            time = time + Int64(random.next(4 * 86_400))
            planned.append((time, planned.count, .complete(caseID: id, stage: "investigate", outcome: priority == "P2" ? "workaround" : "fixed")))
            time = time + Int64(random.next(86_400))
            planned.append((time, planned.count, .complete(caseID: id, stage: "resolve", outcome: nil)))
        }
        planned.sort { ($0.0, $0.1) < ($1.0, $1.1) }

        var kept = engine.makeState()
        var fresh = engine.makeState()
        var timers: [LadderEngine.Timer] = []
        var steps = 0
        var differences: [String] = []
        func step(_ event: EngineEvent, at time: Instant) {
            fresh.shared.calendarWindows = Array(repeating: BusinessCalendar.Window(), count: fresh.shared.calendarWindows.count)
            let withWindows = engine.step(&kept, event, at: time)
            let without = engine.step(&fresh, event, at: time)
            steps += 1
            if withWindows != without || kept != fresh, differences.count < 5 {
                differences.append("\(event) at \(time): \(withWindows.effects) vs \(without.effects)")
            }
            for effect in withWindows.effects {
                switch effect {
                case .timerSet(let timer): timers.append(timer)
                case .timerCancelled(let timer): timers.removeAll { $0.sequence == timer.sequence }
                default: break
                }
            }
        }
        for (time, _, event) in planned {
            while let next = timers.min(), next.due <= time {
                timers.removeAll { $0.sequence == next.sequence }
                step(.timer(next), at: next.due)
            }
            step(event, at: time)
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(steps > 600)
        #expect(kept.shared.calendarWindows.contains { $0.end > $0.start })
    }

    @Test func keptWindowsChangeNoStepAcrossDaylightSavingChanges() throws {
        // 2026-10-19 .. 2026-11-09: Europe/Berlin on 25 October, America/New_York on 1 November.
        try run(from: Instant(seconds: 1_792_368_000), days: 21, seed: 7, options: .minimal)
    }

    @Test func keptWindowsChangeNoStepOverTheHolidaysWithDecisions() throws {
        // 2026-12-14 .. 2027-01-18: the calendars' holidays.
        try run(from: Instant(seconds: 1_797_206_400), days: 35, seed: 11, options: .production)
    }
}
