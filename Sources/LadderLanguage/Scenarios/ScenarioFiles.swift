import Foundation

/// File-system conventions of scenarios.
public enum ScenarioFiles {
    /// The workflow path of a scenario, resolved against the scenario file's folder.
    public static func workflowPath(of scenario: Scenario) -> String {
        let written = scenario.workflowPath.value
        if written.hasPrefix("/") { return written }
        let folder = (scenario.source.path as NSString).deletingLastPathComponent
        let joined = folder.isEmpty ? written : folder + "/" + written
        return (joined as NSString).standardizingPath
    }
}
