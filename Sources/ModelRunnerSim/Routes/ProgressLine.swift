/// DMR's `oci.ProgressMessage` lines, encoded exactly as Go's `json.Marshal` writes them (without the newline).
enum ProgressLine {
    /// `{"type":"progress","message":"Downloaded: 1.00 MB","total":T,"layer":{"id":"sha256:…","size":S,"current":C},"mode":"pull"}`
    static func progress(total: Int, layerID: String, layerSize: Int, current: Int) -> String {
        let megabytes = GoFormat.twoDecimals(Double(current) / 1024 / 1024)
        return message(
            type: "progress", message: "Downloaded: \(megabytes) MB", total: total, layerID: layerID,
            layerSize: layerSize, current: current)
    }

    /// A line with every field given; an empty `layerID` is omitted (`omitempty`), as DMR does.
    static func message(
        type: String, message: String, total: Int = 0, layerID: String = "", layerSize: Int = 0, current: Int = 0
    ) -> String {
        var layer: [(String, String)] = []
        if !layerID.isEmpty { layer.append(("id", GoJSON.string(layerID))) }
        layer.append(("size", String(layerSize)))
        layer.append(("current", String(current)))
        return GoJSON.object([
            ("type", GoJSON.string(type)), ("message", GoJSON.string(message)), ("total", String(total)),
            ("layer", GoJSON.object(layer)), ("mode", GoJSON.string("pull")),
        ])
    }

    /// `{"type":"success","message":"<text>","total":0,"layer":{"size":0,"current":0},"mode":"pull"}`
    static func success(_ text: String) -> String { message(type: "success", message: text) }

    /// `{"type":"error","message":"<text>","total":0,"layer":{"size":0,"current":0},"mode":"pull"}`
    static func error(_ text: String) -> String { message(type: "error", message: text) }

    /// The layer digest the simulator reports for layer `index` of `model`.
    static func layerID(model: SimModel, index: Int) -> String {
        let tag = SimReference.storeTag(model.reference) ?? model.reference
        return "sha256:" + SHA256.hex("modelrunnersim-layer|\(tag)|\(index)|\(model.layerSizes[index])")
    }
}
