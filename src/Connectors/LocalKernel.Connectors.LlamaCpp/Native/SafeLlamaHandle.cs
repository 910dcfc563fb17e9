using System.Runtime.InteropServices;

namespace LocalKernel.Connectors.LlamaCpp;

/// <summary>
/// Base of the owned llama.cpp pointers. A child (a context of a model, say) AddRefs its parent so the
/// parent cannot be freed while the child lives, whatever order the finalizer or Dispose runs in.
/// </summary>
internal abstract class SafeLlamaHandle : SafeHandle
{
    private SafeHandle? _parent;

    protected SafeLlamaHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of <paramref name="native"/>, keeping <paramref name="parent"/> alive until release.</summary>
    protected void Attach(IntPtr native, SafeHandle? parent)
    {
        if (parent is not null)
        {
            bool added = false;
            parent.DangerousAddRef(ref added);
            _parent = parent;
        }

        SetHandle(native);
    }

    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        _parent?.DangerousRelease();
        _parent = null;
        return true;
    }

    /// <summary>Calls the native free function of this kind of object.</summary>
    protected abstract void Free(IntPtr native);
}
