import EventStore

/// What a recording did, as a person or a program reads it: one line per event written (or found written
/// by an earlier, identical run), each refusal a story expected with its note, and for a batch a closing
/// line; as JSON lines, one object per event and per expected refusal.
extension RecordingOutcome {
    public func lines(json: Bool) -> [String] {
        var lines: [String] = []
        var refusals = self.refusals[...]
        for item in events {
            while let refusal = refusals.first, refusal.entry < item.entry { lines += Self.lines(refusals.removeFirst(), json: json) }
            lines.append(json ? Self.jsonLine(item) : Self.textLine(item))
        }
        for refusal in refusals { lines += Self.lines(refusal, json: json) }
        guard !json && entryCount > 1 else { return lines }
        let entries = entryCount - self.refusals.count
        lines.append(wasAlreadyRecorded
            ? "all \(entries) entries were recorded before (same content); nothing new was written"
            : "recorded \(entries) entries as \(events.count) events, all in one transaction"
                + (self.refusals.isEmpty ? "" : "; \(self.refusals.count) refused as expected"))
        return lines
    }

    static func lines(_ refusal: Refusal, json: Bool) -> [String] {
        guard !json else {
            var line = JSONLine()
            line["source"] = refusal.label
            line["refused_as_expected"] = true
            line["rule"] = refusal.error.rule
            line["message"] = refusal.error.message
            return [line.text]
        }
        return [(refusal.label.map { "\($0): " } ?? "") + "refused as expected, nothing written: \(refusal.error)"]
            + (refusal.note.map { ["  note: \($0)"] } ?? [])
    }

    static func textLine(_ item: Event) -> String {
        let event = item.event
        let what = "\(event.eventType) at position \(event.globalPosition) "
            + "(\(event.streamID) version \(event.streamVersion), effective \(event.effectiveDate))"
        let outcome = item.alreadyRecorded ? "already recorded: \(what); nothing new was written" : "recorded \(what)"
        return (item.label.map { "\($0): " } ?? "") + outcome
    }

    static func jsonLine(_ item: Event) -> String {
        let event = item.event
        var line = JSONLine()
        line["source"] = item.label
        line["event_id"] = event.eventID.uuidString.lowercased()
        line["event_type"] = event.eventType
        line["global_position"] = event.globalPosition
        line["stream_id"] = event.streamID
        line["stream_version"] = event.streamVersion
        line["effective_date"] = event.effectiveDate.description
        line["already_recorded"] = item.alreadyRecorded
        return line.text
    }
}
