using System;
using System.Management.Automation;
using System.Security;

namespace NanoBanana.Commands;

/// <summary>Lets a <see cref="SecureString"/> parameter also take a plain string, as the key usually comes from an environment variable or a vault.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is not string text)
        {
            return value;
        }

        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
