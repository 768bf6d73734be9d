namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>What kind of network an IP address belongs to, as far as the SSRF guard cares.</summary>
public enum AddressClass
{
    /// <summary>A globally routable address.</summary>
    Public,

    /// <summary>127.0.0.0/8, ::1.</summary>
    Loopback,

    /// <summary>RFC 1918, 100.64.0.0/10 (CGNAT), IPv6 unique-local fc00::/7.</summary>
    Private,

    /// <summary>169.254.0.0/16, fe80::/10.</summary>
    LinkLocal,

    /// <summary>Cloud instance metadata endpoints (169.254.169.254, 169.254.170.2, fd00:ec2::254, 100.100.100.200).</summary>
    CloudMetadata,

    /// <summary>0.0.0.0/8, ::, multicast, broadcast, reserved and documentation ranges: never a web server.</summary>
    NotRoutable,
}
