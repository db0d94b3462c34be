// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Ladder's front-end. Build and run with Fuzz/run (see its header).
let package = Package(
    name: "LadderFuzz",
    dependencies: [.package(name: "Ladder", path: "..")],
    targets: [
        .executableTarget(name: "FuzzYAML", dependencies: [.product(name: "LadderLanguage", package: "Ladder")]),
        .executableTarget(name: "FuzzExpressions", dependencies: [.product(name: "LadderLanguage", package: "Ladder")]),
        .executableTarget(name: "FuzzLint", dependencies: [.product(name: "LadderLint", package: "Ladder")]),
    ],
    swiftLanguageModes: [.v6]
)
