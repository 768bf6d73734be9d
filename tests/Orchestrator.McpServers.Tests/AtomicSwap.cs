using System.Runtime.InteropServices;

namespace Orchestrator.McpServers.Tests;

/// <summary>Swaps two paths atomically (renameat2 RENAME_EXCHANGE), so a race test never leaves a gap a tool could fill.</summary>
internal static partial class AtomicSwap
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    public static void Exchange(string a, string b)
    {
        if (RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) != 0)
        {
            throw new IOException($"renameat2 exchange failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);
}
