using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Plugins.Browser.Safety;

/// <summary>Sorts IP addresses into the classes the SSRF guard refuses.</summary>
internal static class AddressClassifier
{
    private static readonly IPAddress[] Metadata =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS IPv6
    ];

    public static AddressClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (Array.Exists(Metadata, m => m.Equals(address)))
        {
            return AddressClass.CloudMetadata;
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? ClassifyV4(address.GetAddressBytes()) : ClassifyV6(address);
    }

    private static AddressClass ClassifyV4(byte[] b) => b switch
    {
        [127, ..] => AddressClass.Loopback,
        [10, ..] => AddressClass.Private,
        [172, >= 16 and <= 31, ..] => AddressClass.Private,
        [192, 168, ..] => AddressClass.Private,
        [100, >= 64 and <= 127, ..] => AddressClass.Private,
        [169, 254, ..] => AddressClass.LinkLocal,
        [0, ..] => AddressClass.NotRoutable,
        [>= 224, ..] => AddressClass.NotRoutable, // multicast, 240/4 reserved, broadcast
        [192, 0, 0, _] or [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => AddressClass.NotRoutable,
        [198, 18 or 19, ..] => AddressClass.NotRoutable, // benchmarking
        _ => AddressClass.Public,
    };

    private static AddressClass ClassifyV6(IPAddress address)
    {
        if (IPAddress.IPv6Loopback.Equals(address))
        {
            return AddressClass.Loopback;
        }

        var b = address.GetAddressBytes();
        if (IPAddress.IPv6None.Equals(address) || address.IsIPv6Multicast)
        {
            return AddressClass.NotRoutable;
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return AddressClass.LinkLocal;
        }

        if ((b[0] & 0xFE) == 0xFC)
        {
            return AddressClass.Private;
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address that may itself be internal.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return ClassifyV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);
        }

        return b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 ? AddressClass.NotRoutable : AddressClass.Public;
    }
}
