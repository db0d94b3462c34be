import LadderDiagnostics
import LadderYAML

/// Decodes stages as the parser reads them: one sink per part of a file parsed in parts, on
/// that part's thread. Each stage's nodes are freed once the stage is decoded, so a large
/// file's stages never all exist as a tree (see ``WorkflowDecoder/parse(_:parallelism:)``).
///
/// Used by one thread at a time: the parser's for its part, then the decoder's.
final class StageSink: YAMLEntrySink, @unchecked Sendable {
    private var decoder: SectionDecoder
    /// The stage names' diagnostics, apart from the bodies': a whole decode reports every name
    /// before any body (``SectionDecoder/takeDefinitions(_:section:kind:)``).
    private var idBag = DiagnosticBag()
    private var stages: [Stage] = []
    /// This sink's stages' needs, one table shared by them once all are read.
    private var needs: NeedTable.Builder

    init(source: SourceFile) {
        decoder = SectionDecoder(source: source)
        needs = NeedTable.Builder(source: source)
    }

    func receive(key: YAMLNode, value: consuming YAMLNode) {
        swap(&idBag, &decoder.reader.bag)
        let id = decoder.reader.identifier(key, kind: "stage")
        swap(&idBag, &decoder.reader.bag)
        guard let id else { return }
        stages.append(decoder.decodeStage(id: id, body: value, needs: &needs))
    }

    func expect(entries: Int, total: Int, first: Bool) {
        // The first part's array takes the others' stages in place (see `DecodedStages.move`).
        stages.reserveCapacity(first ? total : entries)
    }

    var idDiagnostics: [Diagnostic] { idBag.diagnostics }
    var bodyDiagnostics: [Diagnostic] { decoder.reader.bag.diagnostics }

    private var taken = false

    /// Moves the stages out, their needs read from this sink's table from then on. Once only:
    /// the sink keeps no reference to them, so that they can be appended to in place.
    func takeStages() -> [Stage] {
        precondition(!taken, "decoded stages handed to a second decode")
        taken = true
        let table = needs.build()
        needs = NeedTable.Builder(source: decoder.reader.source)
        for index in stages.indices { stages[index].needEntries.share(table) }
        defer { stages = [] }
        return stages
    }
}

/// A workflow's stages, decoded while its file was read (see ``WorkflowDecoder/parse(_:parallelism:)``).
/// The decode of that file's tree moves them out: give them to one decode only.
public struct DecodedStages: Sendable {
    let sinks: [StageSink]

    init(_ sinks: [StageSink]) { self.sinks = sinks }

    /// Moves the stages, in file order, into `stages`, and their diagnostics into `bag` in the
    /// order a decode of the whole tree reports them: every stage name's, then the bodies'.
    func move(into stages: inout [Stage], diagnostics bag: inout DiagnosticBag) {
        for sink in sinks { bag.append(contentsOf: sink.idDiagnostics) }
        for sink in sinks { bag.append(contentsOf: sink.bodyDiagnostics) }
        // The first part's array has room for all (``StageSink/expect(entries:total:first:)``).
        var all: [Stage] = []
        for sink in sinks {
            let part = sink.takeStages()
            if all.isEmpty { all = part } else { all.append(contentsOf: part) }
        }
        stages = all
    }
}
