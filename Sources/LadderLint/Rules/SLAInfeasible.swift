import LadderDiagnostics
import LadderExpressions
import LadderLanguage
import LadderTime

/// SLA clocks whose stage targets cannot fit in them, or that can never start or stop.
public struct SLAInfeasible: LintRule {
    public static let id = "sla-infeasible"
    public static let severity = Severity.warning
    public static let summary = "An SLA clock's stages may use more time than its target, or the clock can never start or stop."
    public static let explanation = """
        Two checks on each clock of `slas`:

        **Stage targets that do not fit.** For a clock that starts when the case opens (no `start`) or with \
        `start: stage.<t>.active`, and stops with `stop: stage.<s>.done` (or `stage.<s>.done or \
        stage.<s>.skipped`), Ladder takes the longest chain of `needs` from a stage without needs (or from \
        `<t>`) to `<s>`, weighing each stage by its own `sla` target in open time on the stage's calendar \
        (stages without `sla` weigh nothing). When that sum is more than a target the clock can get — each \
        entry of a `by` target table, in open time on each calendar the clock can run on — a case whose stages \
        each use their allowed time breaches the clock: the finding is at the smallest such target, with the \
        chain and both amounts. Open times of different calendars are compared as amounts, which is exact only \
        when the calendars are the same. Pauses are not taken into account. A chain or a list of targets \
        longer than nine is shown by its first and last four, around the count of the rest.

        **Clocks that never run or never stop.** A `start` or `stop` that is false for every case (enum and \
        bool fields enumerated; `stage.<x>.done` false for stages that never become active, see \
        `unreachable-stage`) means the clock never starts, or runs until the case closes. A calendar without \
        open time is already an `invalid-value` where it is defined.
        """
    public static let badExample = """
        ladder: 1
        workflow: demo
        stages:
          acknowledge: { sla: 30m }
          resolve: { needs: [acknowledge], sla: 4h }
        slas:
          resolution:
            stop: stage.resolve.done
            target: 4h
        """
    public static let goodExample = """
        ladder: 1
        workflow: demo
        stages:
          acknowledge: { sla: 30m }
          resolve: { needs: [acknowledge], sla: 3h30m }
        slas:
          resolution:
            stop: stage.resolve.done
            target: 4h
        """
    public init() {}

    public func check(_ context: inout LintContext) {
        let workflow = context.workflow
        let compiled = context.compiled
        let graph = context.shared.stageGraph(workflow, compiled)
        let never = context.shared.neverActive(workflow, compiled)
        let base = KnownPaths(NeedsGraph.basePaths(neverActive: Set(never.keys)))
        let weights: [Int64] = workflow.stages.map { stage in
            guard let own = stage.sla, let calendar = stage.slaCalendar(compiled) else { return 0 }
            return calendar.calendar.openSeconds(of: own.target.value)
        }
        // Without needs cycles a stage's longest chain depends only on where chains start, so
        // clocks that start alike share it (with a cycle the in-progress guard makes it depend
        // on the traversal, so each clock computes its own).
        let acyclic = !never.values.contains { if case .onCycle = $0 { return true } else { return false } }
        var chains: [Int?: [(sum: Int64, previous: Int?)??]] = [:]
        for (index, sla) in workflow.slas.enumerated() where compiled.slas.indices.contains(index) {
            let clock = compiled.slas[index]
            if let start = clock.start, let written = sla.start, !start.compiled.isConstant,
               !CaseSearch.hasOpenDisjunct(start.compiled.checked.root, base: base, compiled: compiled),
               CaseSearch.neverTrue(ConditionProgram(start), base: base, compiled: compiled, atoms: context.shared.atoms) {
                context.report(SLAInfeasible.self, "SLA `\(sla.id.value)` never starts: its `start` is false for every case", at: written.span,
                               hint: "check the stages and fields the condition reads")
                continue
            }
            if let stop = clock.stop, let written = sla.stop, !stop.compiled.isConstant,
               !CaseSearch.hasOpenDisjunct(stop.compiled.checked.root, base: base, compiled: compiled),
               CaseSearch.neverTrue(ConditionProgram(stop), base: base, compiled: compiled, atoms: context.shared.atoms) {
                context.report(SLAInfeasible.self, "SLA `\(sla.id.value)` never stops: its `stop` is false for every case, so it runs until the case closes",
                               at: written.span, hint: "check the stages and fields the condition reads, or remove `stop` for a time-to-close clock")
                continue
            }
            checkChain(sla, clock, graph: graph, never: never, weights: weights, chains: &chains, share: acyclic, in: &context)
        }
    }

    func checkChain(_ sla: SLA, _ clock: CompiledSLA, graph: NeedsGraph, never: [Int: NeedsGraph.NeverActive], weights: [Int64],
                    chains: inout [Int?: [(sum: Int64, previous: Int?)??]], share: Bool, in context: inout LintContext) {
        guard let stop = clock.stop, let end = SLAInfeasible.stoppingStage(stop.compiled.checked.root), never[end] == nil else { return }
        var from: Int?
        if let start = clock.start {
            guard case .path(let path) = start.compiled.checked.root.kind, let reference = path.reference,
                  reference.pathNamespace == .stage, reference.property == StageProperty.active.rawValue else { return }
            from = Int(reference.index)
        }
        // Longest chain ending at each stage (restricted to chains through `from`), memoised.
        // An array by stage rather than a dictionary: `.some(nil)` is "visited, no chain".
        // Taken out of `chains` while in use, so that filling it in copies nothing.
        var best = (share ? chains.removeValue(forKey: from) : nil) ?? [(sum: Int64, previous: Int?)??](repeatElement(nil, count: graph.count))
        defer { if share { chains[from] = best } }
        // The longest chain ending at `end`, depth first without recursion (chains can be
        // thousands of stages long): each frame is a stage, the next of its needs to look at,
        // and the best chain found so far.
        func startValue() -> (Int64, Int?)? { from == nil ? (0, nil) : nil }
        var frames: [(stage: Int, next: Int, chosen: (Int64, Int?)?)] = []
        func enter(_ stage: Int) {
            best[stage] = .some(nil)  // guards against cycles (excluded above, but be safe)
            if stage == from {
                best[stage] = .some((weights[stage], nil))
            } else {
                frames.append((stage, 0, startValue()))
            }
        }
        if best[end] == nil { enter(end) }
        while let top = frames.last {
            let needs = graph.edges(top.stage)
            if top.next < needs.count {
                let need = graph.target(needs.lowerBound + top.next)
                guard let known = best[need] else {
                    enter(need)
                    continue
                }
                frames[frames.count - 1].next += 1
                if let chain = known, top.chosen == nil || chain.sum > top.chosen!.0 { frames[frames.count - 1].chosen = (chain.sum, need) }
                continue
            }
            frames.removeLast()
            var result: (sum: Int64, previous: Int?)?
            if let chosen = top.chosen {
                let (sum, overflow) = chosen.0.addingReportingOverflow(weights[top.stage])
                result = (overflow ? .max : sum, chosen.1)
            }
            best[top.stage] = .some(result)
        }
        guard let total = best[end] ?? nil, total.sum > 0 else { return }
        // Targets the chain does not fit in.
        var exceeded: [(target: PossibleTarget, calendar: PossibleCalendar, seconds: Int64)] = []
        for calendar in sla.possibleCalendars(context.compiled) {
            for target in sla.possibleTargets {
                let seconds = calendar.calendar.openSeconds(of: target.duration.value)
                if total.sum > seconds { exceeded.append((target, calendar, seconds)) }
            }
        }
        guard let smallest = exceeded.min(by: { $0.seconds < $1.seconds }) else { return }
        // The chain itself only for the finding.
        var chain: [Int] = [end]
        while let previous = best[chain.last!]??.previous { chain.append(previous) }
        chain.reverse()
        let stages = chain.filter { weights[$0] > 0 }.map { "\(context.workflow.stages[$0].id.value) \(context.workflow.stages[$0].sla!.target.value)" }
        let onCalendar = smallest.calendar.id == "always" ? "" : " on \(smallest.calendar.id)"
        let names = chain.map { context.workflow.stages[$0].id.value }
        var notes = [Diagnostic.Note("the chain: \(SLAInfeasible.listed(names, separator: " → ", what: "stages")); stage targets: \(SLAInfeasible.listed(stages, separator: " + ", what: "targets"))")]
        let others = exceeded.filter { $0.target.duration.span != smallest.target.duration.span }.map { "`\($0.target.key ?? "target")` \($0.target.duration.value)" }
        var seen: Set<String> = []
        let distinct = others.filter { seen.insert($0).inserted }
        if !distinct.isEmpty { notes.append(Diagnostic.Note("also more than: \(distinct.joined(separator: ", "))")) }
        context.report(
            SLAInfeasible.self,
            "the stage targets up to `\(context.workflow.stages[end].id.value)` add up to \(formatOpen(total.sum)), more than \(smallest.target.label) \(formatOpen(smallest.seconds)) of SLA `\(sla.id.value)`\(onCalendar): a case that uses each stage's time breaches the clock",
            at: smallest.target.duration.span, notes: notes,
            hint: "shorten the stage targets on the chain, or give the clock more time")
    }

    /// The items joined, or for a long list its first and last few around a count of the rest
    /// (a chain can be thousands of stages long; the finding names its ends).
    static func listed(_ items: [String], separator: String, what: String, keeping kept: Int = 4) -> String {
        guard items.count > 2 * kept + 1 else { return items.joined(separator: separator) }
        let middle = "… \(items.count - 2 * kept) more \(what) …"
        return (items.prefix(kept) + [middle] + items.suffix(kept)).joined(separator: separator)
    }

    /// `<s>` for `stage.<s>.done`, or `stage.<s>.done or stage.<s>.skipped`.
    static func stoppingStage(_ root: Expression) -> Int? {
        func stage(_ node: Expression, allowing properties: Set<UInt8>) -> Int? {
            guard case .path(let path) = node.kind, let reference = path.reference, reference.pathNamespace == .stage,
                  properties.contains(reference.property) else { return nil }
            return Int(reference.index)
        }
        let done = StageProperty.done.rawValue
        if let single = stage(root, allowing: [done]) { return single }
        guard case .binary(.or, let lhs, let rhs) = root.kind else { return nil }
        let both: Set<UInt8> = [done, StageProperty.skipped.rawValue]
        guard let a = stage(lhs, allowing: both), let b = stage(rhs, allowing: both), a == b else { return nil }
        return a
    }
}
