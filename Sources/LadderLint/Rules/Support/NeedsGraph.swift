import LadderDiagnostics
import LadderExpressions
import LadderLanguage

/// The `needs` graph of a workflow's stages, by index in `workflow.stages`: edges go from a stage
/// to the stages it needs. Unknown names are left out (the front-end reports them); a stage id
/// defined twice resolves to its first definition.
struct NeedsGraph {
    struct Need {
        var stage: Int
        var span: SourceSpan
    }

    let ids: [String]
    /// Each stage's needs in the order written, each target once.
    let needs: [[Need]]

    init(_ workflow: Workflow, _ compiled: CompiledWorkflow) {
        let stages = workflow.stages
        var ids: [String] = []
        ids.reserveCapacity(stages.count)
        var needs: [[Need]] = []
        needs.reserveCapacity(stages.count)
        // The analyser resolved each stage's needs in order, dropping unknown names: when none was
        // dropped its list matches the written one entry for entry, and no name is looked up again.
        let resolvedAlike = compiled.stages.count == stages.count
        var index: [String: Int]?
        for offset in stages.indices {
            ids.append(stages[offset].id.value)
            let written = stages[offset].needs
            var list: [Need] = []
            list.reserveCapacity(written.count)
            if resolvedAlike, compiled.stages[offset].needs.count == written.count {
                let resolved = compiled.stages[offset].needs
                for entry in written.indices where !list.contains(where: { $0.stage == resolved[entry] }) {
                    list.append(Need(stage: resolved[entry], span: written[entry].span))
                }
            } else {
                if index == nil {
                    var made: [String: Int] = [:]
                    for (offset, stage) in stages.enumerated() where made[stage.id.value] == nil { made[stage.id.value] = offset }
                    index = made
                }
                for need in written {
                    guard let target = index![need.value], !list.contains(where: { $0.stage == target }) else { continue }
                    list.append(Need(stage: target, span: need.span))
                }
            }
            needs.append(list)
        }
        self.ids = ids
        self.needs = needs
    }

    var count: Int { ids.count }

    /// Stages reachable from `start` by following one or more `needs` edges.
    func reachable(from start: Int) -> Set<Int> {
        var seen: Set<Int> = []
        var stack = needs[start].map(\.stage)
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += needs[next].map(\.stage)
        }
        return seen
    }

    /// Stages on a cycle (a stage needing itself included): the members of strongly connected
    /// components of two or more stages, and stages with an edge to themselves. Tarjan's algorithm,
    /// iterative (no recursion on long chains), linear in stages plus needs.
    var cyclic: Set<Int> {
        var result: Set<Int> = []
        var order = Array(repeating: -1, count: count)  // discovery index, -1 = unvisited
        var low = Array(repeating: 0, count: count)
        var onStack = Array(repeating: false, count: count)
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
                let edges = needs[node]
                if top.next < edges.count {
                    work[work.count - 1].next += 1
                    let target = edges[top.next].stage
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
                for need in needs[node] where result.count < limit && budget > 0 {
                    budget -= 1
                    let next = need.stage
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
    func neverActive(_ compiled: CompiledWorkflow, facts: SharedFacts) -> [Int: NeverActive] {
        var result: [Int: NeverActive] = [:]
        let onCycle = facts.cyclic(self)
        for stage in onCycle { result[stage] = .onCycle }
        let (skipped, reopened) = NeedsGraph.actionTargets(compiled)
        var changed = true
        while changed {
            changed = false
            for stage in 0..<count where result[stage] == nil {
                if let need = needs[stage].first(where: { result[$0.stage] != nil && !isSkippedOnly(result[$0.stage]) && !skipped.contains($0.stage) }) {
                    result[stage] = .waitsOn(need: need)
                    changed = true
                }
            }
        }
        // Conditions, to a fixpoint: each stage found never active may make others' `when` false.
        changed = true
        while changed {
            changed = false
            let base = KnownPaths(NeedsGraph.basePaths(neverActive: Set(result.keys)))
            for stage in 0..<count where result[stage] == nil && !reopened.contains(stage) {
                // Most conditions can obviously be true: no program, no search.
                if compiled.stages.indices.contains(stage), let written = compiled.stages[stage].when,
                   CaseSearch.hasOpenDisjunct(written.compiled.checked.root, base: base, compiled: compiled) { continue }
                guard let when = facts.stageCondition(stage, compiled) else { continue }
                if CaseSearch.neverTrue(when, base: base, compiled: compiled, atoms: facts.atoms) {
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
