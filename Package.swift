// swift-tools-version:6.0
import PackageDescription

// The data flow reads top to bottom:
// text -> YAML tree (LadderYAML) -> model + diagnostics (LadderLanguage)
//      -> lint rules (LadderLint) / compiled workflow -> engine (LadderEngine)
//      -> scenarios, trace and tests (LadderScenario) -> the `ladder` CLI.
// None of these modules depends on a server library, so they build and test in seconds.

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Ladder",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ladder", targets: ["ladder"]),
        .library(name: "LadderLanguage", targets: ["LadderLanguage"]),
        .library(name: "LadderLint", targets: ["LadderLint"]),
        .library(name: "LadderEngine", targets: ["LadderEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "LadderDiagnostics", swiftSettings: strict),
        .target(name: "LadderYAML", dependencies: ["CYAML", "LadderDiagnostics"], swiftSettings: strict),
        .target(name: "LadderTime", swiftSettings: strict),
        .target(name: "LadderExpressions", dependencies: ["LadderTime", "LadderDiagnostics"], swiftSettings: strict),
        .target(
            name: "LadderLanguage",
            dependencies: [
                "LadderDiagnostics", "LadderYAML", "LadderTime", "LadderExpressions",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .target(name: "LadderLint", dependencies: ["LadderLanguage"], swiftSettings: strict),
        .target(
            name: "LadderEngine",
            dependencies: [
                "LadderLanguage",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .target(name: "LadderScenario", dependencies: ["LadderEngine", "LadderLanguage"], swiftSettings: strict),
        .executableTarget(
            name: "ladder",
            dependencies: [
                "LadderLint", "LadderScenario", "LadderEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ladder-bench",
            dependencies: ["LadderLint", "LadderLanguage", "LadderYAML", "LadderEngine", "LadderScenario", "CYAML"],
            path: "Benchmarks/LadderBench",
            swiftSettings: strict
        ),
        .target(name: "LadderTestSupport", path: "Tests/LadderTestSupport"),
        .testTarget(name: "LadderYAMLTests", dependencies: ["LadderYAML"], exclude: ["Fixtures"]),
        .testTarget(name: "LadderTimeTests", dependencies: ["LadderTime", "LadderTestSupport"]),
        .testTarget(name: "LadderExpressionsTests", dependencies: ["LadderExpressions", "LadderTestSupport"]),
        .testTarget(name: "LadderLanguageTests", dependencies: ["LadderLanguage"]),
        .testTarget(name: "LadderLintTests", dependencies: ["LadderLint", "LadderTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LadderEngineTests", dependencies: ["LadderEngine"], exclude: ["Fixtures"]),
        .testTarget(name: "LadderCLITests", dependencies: ["ladder"]),
        .testTarget(name: "LadderScenarioTests", dependencies: ["LadderScenario"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
