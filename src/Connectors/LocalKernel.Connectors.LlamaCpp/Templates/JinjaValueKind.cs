namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>The kind of a <see cref="JinjaValue"/>, mirroring the value types a Jinja template sees.</summary>
public enum JinjaValueKind
{
    /// <summary>A missing variable or attribute: prints as nothing and is falsy.</summary>
    Undefined,

    /// <summary>Python's <c>None</c> (JSON <c>null</c>).</summary>
    None,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A double-precision floating-point number.</summary>
    Float,

    /// <summary>A string.</summary>
    String,

    /// <summary>A list or a tuple.</summary>
    List,

    /// <summary>A dictionary (JSON object) with insertion-ordered keys.</summary>
    Dictionary,

    /// <summary>An object created by <c>namespace()</c>, whose attributes a template may assign.</summary>
    Namespace,

    /// <summary>A function, macro or bound method.</summary>
    Callable,
}
