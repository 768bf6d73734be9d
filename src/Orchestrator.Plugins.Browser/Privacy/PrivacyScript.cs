using System.Globalization;

namespace Orchestrator.Plugins.Browser.Privacy;

/// <summary>The script run in every frame before any page script: it aligns what the context options cannot set and removes leaks.</summary>
internal static class PrivacyScript
{
    public static string Build(FingerprintProfile profile, bool disableWebRtc)
    {
        var platform = System.Text.Json.JsonSerializer.Serialize(profile.Platform);
        var depth = profile.ColorDepth.ToString(CultureInfo.InvariantCulture);
        var webRtc = disableWebRtc
            ? """
              for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCDataChannel', 'RTCSessionDescription', 'RTCIceCandidate']) {
                try { delete window[name]; } catch (e) {}
                try { Object.defineProperty(window, name, { value: undefined, configurable: false, writable: false }); } catch (e) {}
              }
              """
            : string.Empty;
        return $$"""
            (() => {
              const define = (target, name, value) => {
                try { Object.defineProperty(target, name, { get: () => value, configurable: true }); } catch (e) {}
              };
              define(Navigator.prototype, 'platform', {{platform}});
              define(Navigator.prototype, 'webdriver', false);
              define(Screen.prototype, 'colorDepth', {{depth}});
              define(Screen.prototype, 'pixelDepth', {{depth}});
              {{webRtc}}
            })();
            """;
    }
}
