import LadderDiagnostics
import LadderExpressions
import LadderLanguage

/// The `needs` graph of a workflow's stages, by index in `workflow.stages`: edges go from a stage
/// to the stages it needs. Unknown names are left out (the front-end reports them); a stage id
/// defined twice resolves to its first definition.
///
/// Compact (flat arrays of 32-bit integers, no array per stage, no spans or ids: those are read
/// from the workflow when a finding needs them) and immutable, so the two threads that run a large
/// workflow's rules share one.
struct NeedsGraph: Sendable {
    /// A need: the stage needed, and the entry of the needing stage's written `needs` that names it.
    struct Need {
        var stage: Int
        var entry: Int

        /// Where the need is written; `from` is the needing stage.
        func span(from stage: Int, in workflow: Workflow) -> SourceSpan { workflow.stages[stage].needEntries[entry].span }
    }

    /// Stage `s`'s needs are the edges `offsets[s]..<offsets[s + 1]`, in the order written, each
    /// target once.
    private let offsets: [Int32]
    /// By edge: the stage needed, and the written entry it comes from.
    private let targets: [Int32]
    private let entries: [Int32]

    init(_ workflow: Workflow, _ compiled: CompiledWorkflow) {
        let stages = workflow.stages
        var total = 0
        for stage in stages { total += stage.needEntries.count }
        var offsets: [Int32] = []
        offsets.reserveCapacity(stages.count + 1)
        var targets: [Int32] = []
        targets.reserveCapacity(total)
        var entries: [Int32] = []
        entries.reserveCapacity(total)
        offsets.append(0)
        // The analyser resolved each stage's needs in order, dropping unknown names: when none was
        // dropped its list matches the written one entry for entry, and no name is looked up again.
        let resolvedAlike = compiled.stages.count == stages.count
        var index: [String: Int]?
        for offset in stages.indices {
            let written = stages[offset].needEntries
            let first = targets.count
            func add(_ target: Int, _ entry: Int) {
                let target = Int32(target)
                for edge in first..<targets.count where targets[edge] == target { return }
                targets.append(target)
                entries.append(Int32(entry))
            }
            if resolvedAlike, compiled.stages[offset].neededStages.count == written.count {
                let resolved = compiled.stages[offset].neededStages
                for entry in written.indices { add(resolved[entry], entry) }
            } else {
                if index == nil {
                    var made: [String: Int] = [:]
                    for (offset, stage) in stages.enumerated() where made[stage.id.value] == nil { made[stage.id.value] = offset }
                    index = made
                }
                for entry in written.indices {
                    guard let target = index![written.name(at: entry)] else { continue }
                    add(target, entry)
                }
            }
            offsets.append(Int32(targets.count))
        }
        self.offsets = offsets
        self.targets = targets
        self.entries = entries
    }

    var count: Int { offsets.count - 1 }

    /// The edges of stage `stage`, for `target(_:)` and `need(_:)`.
    func edges(_ stage: Int) -> Range<Int> { Int(offsets[stage])..<Int(offsets[stage + 1]) }

    /// The stage an edge needs.
    func target(_ edge: Int) -> Int { Int(targets[edge]) }

    func need(_ edge: Int) -> Need { Need(stage: Int(targets[edge]), entry: Int(entries[edge])) }

    /// Stage `stage`'s need of `target`, if it has one.
    func need(from stage: Int, to target: Int) -> Need? {
        for edge in edges(stage) where Int(targets[edge]) == target { return need(edge) }
        return nil
    }

    /// Stages on a cycle (a stage needing itself included): the members of strongly connected
    /// components of two or more stages, and stages with an edge to themselves. Tarjan's algorithm,
    /// iterative (no recursion on long chains), linear in stages plus needs.
    var cyclic: Set<Int> {
        var result: Set<Int> = []
        var order = Array(repeatElement(-1, count: count))  // discovery index, -1 = unvisited
        var low = Array(repeatElement(0, count: count))
        var onStack = Array(repeatElement(false, count: count))
        var stack: [Int] = []
        var work: [(node: Int, next: Int)] = []
        var counter = 0
        for root in 0..<count where order[root] < 0 {
            work.append((root, 0))
            order[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let top = work.last {
                let node = top.node
                let edges = edges(node)
                if top.next < edges.count {
                    work[work.count - 1].next += 1
                    let target = Int(targets[edges.lowerBound + top.next])
                    if target == node { result.insert(node) }
                    if order[target] < 0 {
                        order[target] = counter
                        low[target] = counter
                        counter += 1
                        stack.append(target)
                        onStack[target] = true
                        work.append((target, 0))
                    } else if onStack[target] {
                        low[node] = min(low[node], order[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                guard low[node] == order[node] else { continue }
                // A stage alone in its component (the usual case) needs no list.
                if stack.last == node {
                    stack.removeLast()
                    onStack[node] = false
                    continue
                }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                if component.count > 1 { result.formUnion(component) }
            }
        }
        return result
    }

    /// The elementary cycles of two or more stages, each once, starting at its first stage in file
    /// order and following `needs` (`[a, b, c]`: a needs b, b needs c, c needs a). At most `limit`.
    /// `cyclic`, when given, is this graph's: without stages on a cycle there is no cycle to list.
    func cycles(limit: Int = 50, cyclic: Set<Int>? = nil) -> [[Int]] {
        if let cyclic, cyclic.isEmpty { return [] }
        var result: [[Int]] = []
        var budget = 200_000
        for start in 0..<count {
            var path = [start]
            var onPath: Set<Int> = [start]
            func visit(_ node: Int) {
                for edge in edges(node) where result.count < limit && budget > 0 {
                    budget -= 1
                    let next = Int(targets[edge])
                    if next == start {
                        if path.count > 1 { result.append(path) }
                    } else if next > start, !onPath.contains(next) {
                        path.append(next)
                        onPath.insert(next)
                        visit(next)
                        onPath.remove(next)
                        path.removeLast()
                    }
                }
            }
            visit(start)
        }
        return result
    }

    /// Why a stage can never become active.
    enum NeverActive {
        /// It is on a needs cycle: reported by `needs-cycle` / `self-dependency`.
        case onCycle
        /// It needs (directly) this stage, which waits on a cycle.
        case waitsOn(need: Need)
        /// Its `when` can never be true; `because` lists the never-active stages it reads.
        case condition(because: [Int])
    }

    /// The stages that can never become active, with the reason, computed to a fixpoint: stages
    /// on or behind a needs cycle never settle their needs; a stage whose `when` is false for
    /// every case (enumerating the enum and bool fields it reads; `stage.<x>.done` and `.active`
    /// false, `.outcome` and `.started_at` null for stages already known never to become active)
    /// is always skipped.
    ///
    /// Actions can override this: a `skip` settles a pending stage (so a stage that needs it is not
    /// blocked by it), and a `reopen` makes a skipped stage active (so its condition proves nothing).
    ///
    /// `onCycle` is `cyclic`. The conditions are built here and dropped when done, named in an atom
    /// table of their own.
    func neverActive(_ compiled: CompiledWorkflow, onCycle: Set<Int>) -> [Int: NeverActive] {
        var result: [Int: NeverActive] = [:]
        for stage in onCycle { result[stage] = .onCycle }
        let (skipped, reopened) = NeedsGraph.actionTargets(compiled)
        var changed = !result.isEmpty
        while changed {
            changed = false
            for stage in 0..<count where result[stage] == nil {
                for edge in edges(stage) {
                    let target = Int(targets[edge])
                    guard result[target] != nil, !isSkippedOnly(result[target]), !skipped.contains(target) else { continue }
                    result[stage] = .waitsOn(need: need(edge))
                    changed = true
                    break
                }
            }
        }
        let atoms = AtomTable()
        var conditions: [Int: ConditionProgram] = [:]
        // Conditions, to a fixpoint: each stage found never active may make others' `when` false.
        changed = true
        while changed {
            changed = false
            let base = KnownPaths(NeedsGraph.basePaths(neverActive: Set(result.keys)))
            for stage in 0..<count where result[stage] == nil && !reopened.contains(stage) {
                // Most conditions can obviously be true: no program, no search.
                guard compiled.stages.indices.contains(stage), let written = compiled.stages[stage].when,
                      !CaseSearch.hasOpenDisjunct(written.compiled.checked.root, base: base, compiled: compiled) else { continue }
                let when = conditions[stage] ?? ConditionProgram(written)
                conditions[stage] = when
                if CaseSearch.neverTrue(when, base: base, compiled: compiled, atoms: atoms) {
                    let read = Set(when.paths.compactMap { reference -> Int? in
                        reference.pathNamespace == .stage ? Int(reference.index) : nil
                    })
                    result[stage] = .condition(because: read.filter { result[$0] != nil }.sorted())
                    changed = true
                }
            }
        }
        return result
    }

    /// The stages that some rule or clock action skips, and those it reopens.
    static func actionTargets(_ compiled: CompiledWorkflow) -> (skipped: Set<Int>, reopened: Set<Int>) {
        var skipped: Set<Int> = []
        var reopened: Set<Int> = []
        let actions = compiled.rules.flatMap(\.actions) + compiled.slas.flatMap { $0.onWarning + $0.onBreach + $0.onMet }
        for action in actions {
            switch action {
            case .skip(let stage): skipped.insert(stage)
            case .reopen(let stage): reopened.insert(stage)
            default: break
            }
        }
        return (skipped, reopened)
    }

    /// A stage that is always skipped still settles: its dependants start.
    private func isSkippedOnly(_ reason: NeverActive?) -> Bool {
        if case .condition = reason { return true }
        return false
    }

    /// What is known of stages that never become active, whenever a condition reads them.
    static func basePaths(neverActive: Set<Int>) -> [PathReference: Value] {
        var base: [PathReference: Value] = [:]
        for stage in neverActive {
            base[PathReference(.stage, index: stage, property: StageProperty.done.rawValue)] = .bool(false)
            base[PathReference(.stage, index: stage, property: StageProperty.active.rawValue)] = .bool(false)
            base[PathReference(.stage, index: stage, property: StageProperty.outcome.rawValue)] = .null
            base[PathReference(.stage, index: stage, property: StageProperty.startedAt.rawValue)] = .null
        }
        return base
    }
}
