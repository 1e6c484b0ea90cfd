import MemberwiseMacros
import SwiftCompilerPlugin
import SwiftSyntax
import SwiftSyntaxMacros

/// The compiler plugin that carries FundLedger's macros (declared in the `Memberwise` library).
@main
struct FundLedgerMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [PublicMemberwiseInitMacro.self]
}

/// `@PublicMemberwiseInit` as the compiler asks this plugin for it (`FundLedgerMacros.PublicMemberwiseInitMacro`);
/// the expansion, and its tests, are in `MemberwiseMacros`.
public enum PublicMemberwiseInitMacro: MemberMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        try MemberwiseMacros.PublicMemberwiseInitMacro.expansion(
            of: node, providingMembersOf: declaration, conformingTo: protocols, in: context)
    }
}
