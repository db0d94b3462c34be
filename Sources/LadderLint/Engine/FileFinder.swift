import Foundation

/// Finds the YAML files under a path.
public enum FileFinder {
    public struct Problem: Error, Sendable {
        public var message: String
    }

    /// The path itself if it is a file; every `*.yaml`/`*.yml` below it (sorted, hidden folders
    /// and `.build*` skipped) if it is a folder.
    public static func yamlFiles(at path: String) -> Result<[String], Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Problem(message: "no such file or folder"))
        }
        guard isDirectory.boolValue else { return .success([path]) }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            return .failure(Problem(message: "cannot list the folder"))
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            if name == LintConfiguration.fileName { continue }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                files.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
        }
        return .success(files.sorted())
    }
}
