using Orchestrator.McpServers.Security;

namespace Orchestrator.McpServers.Filesystem;

internal sealed partial class SecureFileAccess
{
    /// <summary>
    /// Describes a validated file or directory. On Linux the path is opened once with <c>O_PATH | O_NOFOLLOW</c> (no
    /// read access, no device side effects), the handle is verified to be the validated file, and every fact comes
    /// from that handle, so a link swapped in afterwards cannot make it describe a file outside the roots.
    /// </summary>
    public FileFacts Describe(ResolvedPath path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return DescribeByPath(path);
        }

        if (NativeFile.KindOf(path.RealPath) == FileKind.Missing)
        {
            throw ToolRefusal.Because($"'{path.Requested}' does not exist.");
        }

        using var handle = NativeFile.OpenPath(path.RealPath);
        VerifyHandle(handle, path);
        var facts = NativeFile.Describe(handle);
        if (facts.Kind == FileKind.SymbolicLink)
        {
            throw new FileChangedException("became a symbolic link during the operation");
        }

        if (facts.Kind == FileKind.Regular && facts.LinkCount > 1)
        {
            throw ToolRefusal.Because($"Access denied: '{path.Requested}' has several hard links and may alias a file outside the allowed directories.");
        }

        return facts;
    }

    private FileFacts DescribeByPath(ResolvedPath path)
    {
        EnsureNotHardLinked(path);
        var kind = NativeFile.KindOf(path.RealPath);
        if (kind == FileKind.Missing)
        {
            throw ToolRefusal.Because($"'{path.Requested}' does not exist.");
        }

        FileSystemInfo info = kind == FileKind.Directory ? new DirectoryInfo(path.RealPath) : new FileInfo(path.RealPath);
        var mode = OperatingSystem.IsWindows() ? 0 : (int)info.UnixFileMode;
        return new FileFacts(kind, info is FileInfo f ? f.Length : 0, info.CreationTimeUtc, info.LastWriteTimeUtc, info.LastAccessTimeUtc, mode, 1);
    }
}
