namespace LocalKernel.Connectors.LlamaCpp.Tests;

/// <summary>
/// Awkward parameter schemas real tools declare (enums, nullable types, defaults, ranges, additionalProperties
/// objects, draft-07 <c>$schema</c>, references, unions): each must be accepted as a tool, and a required call to it
/// must produce arguments the schema accepts.
/// </summary>
internal static class ToolSchemaCases
{
    public static TheoryData<string, string> All => new()
    {
        { "no_parameters", """{"type":"object","properties":{}}""" },
        { "no_properties_keyword", """{"type":"object"}""" },
        { "string_enum", """{"type":"object","properties":{"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["unit"]}""" },
        { "untyped_enum", """{"type":"object","properties":{"mode":{"enum":["a",1,true,null]}},"required":["mode"]}""" },
        { "integer_enum", """{"type":"object","properties":{"level":{"type":"integer","enum":[1,2,3]}},"required":["level"]}""" },
        { "const_value", """{"type":"object","properties":{"kind":{"const":"fixed"}},"required":["kind"]}""" },
        { "nullable_type_array", """{"type":"object","properties":{"note":{"type":["string","null"],"maxLength":5}},"required":["note"]}""" },
        { "nullable_keyword", """{"type":"object","properties":{"note":{"type":"string","nullable":true,"maxLength":5}},"required":["note"]}""" },
        { "any_of_null", """{"type":"object","properties":{"n":{"anyOf":[{"type":"integer","minimum":0,"maximum":9},{"type":"null"}]}},"required":["n"]}""" },
        { "defaults", """{"type":"object","properties":{"count":{"type":"integer","default":3,"minimum":1,"maximum":5},"flag":{"type":"boolean","default":false}}}""" },
        { "integer_range", """{"type":"object","properties":{"n":{"type":"integer","minimum":-5,"maximum":5}},"required":["n"]}""" },
        { "exclusive_range", """{"type":"object","properties":{"n":{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}},"required":["n"]}""" },
        { "unbounded_integer", """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}""" },
        { "number", """{"type":"object","properties":{"x":{"type":"number"}},"required":["x"]}""" },
        { "string_lengths", """{"type":"object","properties":{"code":{"type":"string","minLength":2,"maxLength":4}},"required":["code"]}""" },
        { "formats", """{"type":"object","properties":{"day":{"type":"string","format":"date"},"id":{"type":"string","format":"uuid"}},"required":["day","id"]}""" },
        { "date_time", """{"type":"object","properties":{"at":{"type":"string","format":"date-time"}},"required":["at"]}""" },
        { "array_bounds", """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string","maxLength":3},"minItems":1,"maxItems":2}},"required":["tags"]}""" },
        { "tuple", """{"type":"object","properties":{"point":{"type":"array","prefixItems":[{"type":"integer","minimum":0,"maximum":9},{"type":"boolean"}],"items":false}},"required":["point"]}""" },
        { "nested_object", """{"type":"object","properties":{"address":{"type":"object","properties":{"zip":{"type":"string","maxLength":5}},"required":["zip"]}},"required":["address"]}""" },
        { "additional_properties_schema", """{"type":"object","properties":{"labels":{"type":"object","additionalProperties":{"type":"integer","minimum":0,"maximum":9}}},"required":["labels"]}""" },
        { "additional_properties_false", """{"type":"object","properties":{"a":{"type":"boolean"}},"required":["a"],"additionalProperties":false}""" },
        { "additional_properties_true", """{"type":"object","properties":{"a":{"type":"boolean"}},"required":["a"],"additionalProperties":true}""" },
        { "draft07_schema", """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"q":{"type":"string","maxLength":4}},"required":["q"]}""" },
        { "definitions_ref", """{"type":"object","definitions":{"Color":{"type":"string","enum":["red","blue"]}},"properties":{"c":{"$ref":"#/definitions/Color"}},"required":["c"]}""" },
        { "defs_ref", """{"type":"object","$defs":{"P":{"type":"object","properties":{"x":{"type":"integer","minimum":0,"maximum":3}},"required":["x"]}},"properties":{"p":{"$ref":"#/$defs/P"}},"required":["p"]}""" },
        { "one_of", """{"type":"object","properties":{"v":{"oneOf":[{"type":"boolean"},{"type":"string","maxLength":2}]}},"required":["v"]}""" },
        { "all_of", """{"type":"object","properties":{"v":{"allOf":[{"type":"integer"},{"minimum":1,"maximum":4}]}},"required":["v"]}""" },
        { "titles_descriptions_examples", """{"title":"T","description":"D","type":"object","properties":{"a":{"type":"boolean","title":"A","description":"an a","examples":[true]}},"required":["a"]}""" },
        { "unicode_property_name", """{"type":"object","properties":{"größe":{"type":"integer","minimum":1,"maximum":3},"名前":{"type":"string","maxLength":2}},"required":["größe","名前"]}""" },
        { "optional_only", """{"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":"integer","minimum":0,"maximum":1}}}""" },
    };
}
