import Foundation

// Release-build benchmarks. Run: swift run -c release ladder-bench [lint|memory|expr|engine|all]
let arguments = CommandLine.arguments.dropFirst()
let suite = arguments.first ?? "all"

switch suite {
case "lint": LintBenchmarks.run()
case "memory-phases": MemoryPhases.run(stagesFactor: arguments.dropFirst().first.flatMap { Int($0) } ?? 1)
case "memory": LintBenchmarks.runMemory(stagesFactor: arguments.dropFirst().first.flatMap { Int($0) } ?? 1)
case "lint-loop":
    // `lint-loop N [file]`: lints the large workflow (or a file) N times after one warm-up, for
    // instruction counts under callgrind: (count(N) - count(1)) / (N - 1) is one lint.
    let rest = Array(arguments.dropFirst())
    LintBenchmarks.loop(times: rest.first.flatMap { Int($0) } ?? 1, path: rest.dropFirst().first)
case "lint-phases": LintBenchmarks.phases(path: arguments.dropFirst().first)
case "yaml-loop":
    // `yaml-loop N always|never [file]`: parses the large workflow's YAML N times (profiling).
    let rest = Array(arguments.dropFirst())
    LintBenchmarks.yamlLoop(times: rest.first.flatMap { Int($0) } ?? 1, pipelined: rest.dropFirst().first != "never", path: rest.dropFirst(2).first)
case "expr": ExpressionBenchmarks.run()
case "expr-compile":
    // `expr-compile N`: parse and check a typical condition N times (instruction counts).
    ExpressionBenchmarks.compileLoop(times: arguments.dropFirst().first.flatMap { Int($0) } ?? 1)
case "engine": EngineBenchmarks.run()
case "dump":
    // `dump [stages routes slas]`: the large workflow, or another size (e.g. `dump 60 12 4`, a folder file).
    let sizes = arguments.dropFirst().compactMap { Int($0) }
    let (stages, routes, slas) = sizes.count == 3 ? (sizes[0], sizes[1], sizes[2]) : (2_000, 200, 50)
    print(WorkflowGenerator.workflow(stages: stages, routes: routes, slas: slas), terminator: "")
case "all":
    LintBenchmarks.run()
    ExpressionBenchmarks.run()
    EngineBenchmarks.run()
    print("(peak memory: run `ladder-bench memory` in its own process)")
default:
    print("usage: ladder-bench [lint|memory [N]|memory-phases [N]|lint-loop N [file]|lint-phases [file]|expr|expr-compile N|engine|dump [stages routes slas]|all]")
    exit(2)
}
