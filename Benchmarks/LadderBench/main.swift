import Foundation

// Release-build benchmarks. Run: swift run -c release ladder-bench [lint|memory|expr|engine|all]
let arguments = CommandLine.arguments.dropFirst()
let suite = arguments.first ?? "all"

switch suite {
case "lint": LintBenchmarks.run()
case "memory": LintBenchmarks.runMemory()
case "expr": ExpressionBenchmarks.run()
case "engine": EngineBenchmarks.run()
case "dump": print(WorkflowGenerator.workflow(stages: 2_000, routes: 200, slas: 50), terminator: "")
case "all":
    LintBenchmarks.run()
    ExpressionBenchmarks.run()
    EngineBenchmarks.run()
    print("(peak memory: run `ladder-bench memory` in its own process)")
default:
    print("usage: ladder-bench [lint|memory|expr|engine|all]")
    exit(2)
}
