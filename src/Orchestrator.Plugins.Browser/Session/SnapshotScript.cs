namespace Orchestrator.Plugins.Browser.Session;

/// <summary>The in-page script that lists actionable elements and tags each with a reference the planner can target.</summary>
internal static class SnapshotScript
{
    // The attribute name is random per session, so a page cannot pre-tag its own elements to hijack references.
    public const string Elements = """
        (attr) => {
          document.querySelectorAll('[' + attr + ']').forEach(e => e.removeAttribute(attr));
          const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
          const labelOf = e => {
            const byFor = e.id ? document.querySelector('label[for="' + CSS.escape(e.id) + '"]') : null;
            const text = (e.innerText || e.value || '').trim() || (byFor ? byFor.innerText : '') || e.getAttribute('aria-label') || e.placeholder || e.name || e.title || '';
            return text.replace(/\s+/g, ' ').slice(0, 80);
          };
          const out = [];
          let n = 0;
          for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [role=button]')) {
            if (!visible(e) || out.length >= 150) continue;
            const ref = String(++n);
            e.setAttribute(attr, ref);
            const tag = e.tagName.toLowerCase();
            const kind = tag === 'a' ? 'link' : tag === 'input' ? 'input:' + (e.type || 'text') : tag;
            out.push({ ref, kind, label: labelOf(e) });
          }
          return out;
        }
        """;
}
