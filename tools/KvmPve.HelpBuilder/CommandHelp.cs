namespace KvmPve.HelpBuilder;

/// <summary>One cmdlet's help page as platyPS markdown (schema 2.0.0) holds it.</summary>
public sealed class CommandHelp
{
    public string Name { get; set; } = string.Empty;

    public string Synopsis { get; set; } = string.Empty;

    public List<string> Description { get; } = [];

    /// <summary>Parameter set names from the SYNTAX section, in order.</summary>
    public List<string> ParameterSets { get; } = [];

    public List<ExampleHelp> Examples { get; } = [];

    public List<ParameterHelp> Parameters { get; } = [];

    public List<TypeHelp> Inputs { get; } = [];

    public List<TypeHelp> Outputs { get; } = [];

    public List<string> Notes { get; } = [];

    public List<(string Text, string Uri)> Links { get; } = [];
}

public sealed class ExampleHelp
{
    public string Title { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;

    public List<string> Remarks { get; } = [];
}

public sealed class ParameterHelp
{
    public string Name { get; set; } = string.Empty;

    public List<string> Description { get; } = [];

    public string Type { get; set; } = string.Empty;

    /// <summary>"(All)" or set names.</summary>
    public List<string> Sets { get; } = [];

    public string Aliases { get; set; } = string.Empty;

    public List<string> AcceptedValues { get; } = [];

    public bool Required { get; set; }

    /// <summary>"Named" or a number.</summary>
    public string Position { get; set; } = "Named";

    public string DefaultValue { get; set; } = "None";

    /// <summary>"False", "True (ByValue)", "True (ByPropertyName)", "True (ByPropertyName, ByValue)".</summary>
    public string PipelineInput { get; set; } = "False";

    public bool Wildcards { get; set; }

    public bool InSet(string set) => Sets.Contains("(All)") || Sets.Contains(set);
}

public sealed class TypeHelp
{
    public string Name { get; set; } = string.Empty;

    public List<string> Description { get; } = [];
}
