extension CommandDeclaration {
    /// Fields typed on the command line: messages name each by its option (`--amount`), as the kind declares it.
    public var commandLineOrigin: FieldOrigin {
        .commandLine(Dictionary(fields.map { ($0.name, $0.optionName) }, uniquingKeysWith: { first, _ in first }))
    }
}
