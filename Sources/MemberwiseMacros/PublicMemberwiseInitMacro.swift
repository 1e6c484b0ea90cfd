import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@PublicMemberwiseInit`: a `public init` that takes and assigns a struct's stored properties in declaration
/// order, a `var`'s initial value as its parameter's default. Declared in `Sources/Memberwise`, plugged into
/// the compiler by `FundLedgerMacros` (under that module's name, hence a class it can subclass); docs/macros.md.
open class PublicMemberwiseInitMacro: MemberMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard declaration.is(StructDeclSyntax.self) else {
            throw DiagnosticsError(diagnostics: [Diagnostic(node: node, message: MemberwiseMessage.notAStruct)])
        }
        let properties = try StoredProperty.all(in: declaration.memberBlock)
        let parameters = FunctionParameterListSyntax {
            for property in properties {
                FunctionParameterSyntax(
                    firstName: property.name,
                    type: property.parameterType,
                    defaultValue: property.initialValue.map { InitializerClauseSyntax(value: $0) }
                )
            }
        }
        let initializer = try InitializerDeclSyntax("public init(\(parameters))") {
            for property in properties {
                ExprSyntax("self.\(property.name) = \(property.name)")
            }
        }
        return [DeclSyntax(initializer)]
    }
}

/// A stored property the initialiser takes: its name, its declared type and a `var`'s initial value.
struct StoredProperty {
    var name: TokenSyntax
    var type: TypeSyntax
    var initialValue: ExprSyntax?

    /// The type as a parameter: a closure is stored, so the parameter is `@escaping`.
    var parameterType: TypeSyntax {
        let base = type.as(AttributedTypeSyntax.self)?.baseType ?? type
        return base.is(FunctionTypeSyntax.self) ? "@escaping \(type)" : type
    }

    /// The stored properties of `members` in declaration order; throws for one the macro cannot take.
    static func all(in members: MemberBlockSyntax) throws -> [StoredProperty] {
        var properties: [StoredProperty] = []
        for member in members.members {
            if member.decl.is(IfConfigDeclSyntax.self) {
                throw DiagnosticsError(diagnostics: [Diagnostic(node: member.decl, message: MemberwiseMessage.conditionalMembers)])
            }
            guard let variable = member.decl.as(VariableDeclSyntax.self), !variable.isStatic else { continue }
            properties += try stored(in: variable)
        }
        return properties
    }

    /// The stored properties one declaration declares (`var a, b: Int` declares two).
    private static func stored(in variable: VariableDeclSyntax) throws -> [StoredProperty] {
        if variable.modifiers.contains(where: { $0.name.tokenKind == .keyword(.lazy) }) || !variable.attributes.isEmpty {
            throw DiagnosticsError(diagnostics: [Diagnostic(node: variable, message: MemberwiseMessage.wrappedOrLazy)])
        }
        let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
        let bindings = Array(variable.bindings)
        var properties: [StoredProperty] = []
        for (index, binding) in bindings.enumerated() where !(binding.accessorBlock?.isComputed ?? false) {
            guard let identifier = binding.pattern.as(IdentifierPatternSyntax.self) else {
                throw DiagnosticsError(diagnostics: [Diagnostic(node: binding.pattern, message: MemberwiseMessage.notAName)])
            }
            if isLet && binding.initializer != nil { continue }
            // `var a, b: Int`: `a` has the type of the next binding that names one; `var a = 1` names none.
            let annotation = binding.initializer == nil
                ? bindings[index...].lazy.compactMap(\.typeAnnotation).first
                : binding.typeAnnotation
            guard let annotation else {
                throw DiagnosticsError(diagnostics: [Diagnostic(node: binding, message: MemberwiseMessage.untyped(identifier.identifier.text))])
            }
            properties.append(StoredProperty(
                name: identifier.identifier.trimmed,
                type: annotation.type.trimmed,
                initialValue: binding.initializer?.value.trimmed
            ))
        }
        return properties
    }
}

extension VariableDeclSyntax {
    var isStatic: Bool {
        modifiers.contains { $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class) }
    }
}

extension AccessorBlockSyntax {
    /// Whether the property computes its value: a getter, not only `willSet` and `didSet` observers.
    var isComputed: Bool {
        guard case .accessors(let accessors) = self.accessors else { return true }
        return !accessors.allSatisfy { [.keyword(.willSet), .keyword(.didSet)].contains($0.accessorSpecifier.tokenKind) }
    }
}

/// Why `@PublicMemberwiseInit` cannot expand, shown at the declaration it stops at.
enum MemberwiseMessage: DiagnosticMessage {
    case notAStruct
    case conditionalMembers
    case wrappedOrLazy
    case notAName
    case untyped(String)

    var message: String {
        switch self {
        case .notAStruct: "@PublicMemberwiseInit applies to a struct"
        case .conditionalMembers: "@PublicMemberwiseInit cannot read members inside #if; write the initialiser by hand"
        case .wrappedOrLazy: "@PublicMemberwiseInit cannot initialise a lazy or attributed (wrapped) property; write the initialiser by hand"
        case .notAName: "@PublicMemberwiseInit needs one name per stored property, not a tuple pattern"
        case .untyped(let name): "@PublicMemberwiseInit needs a type annotation on '\(name)'"
        }
    }

    var diagnosticID: MessageID {
        let kind = switch self {
        case .notAStruct: "notAStruct"
        case .conditionalMembers: "conditionalMembers"
        case .wrappedOrLazy: "wrappedOrLazy"
        case .notAName: "notAName"
        case .untyped: "untyped"
        }
        return MessageID(domain: "FundLedgerMacros", id: kind)
    }

    var severity: DiagnosticSeverity { .error }
}
