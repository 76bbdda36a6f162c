/* zmq.backend.cffi._buffer: PEP 688 for CPython < 3.12, so the CFFI backend's Frame (a Python
 * class) exports its buffer to memoryview() and the like there too, as the Cython backend's does.
 *
 * Before 3.12 a Python class cannot take part in the buffer protocol. A class deriving from
 * BufferExporter can: getting a buffer calls its __buffer__(flags) (which returns a memoryview) and
 * releasing it calls its __release_buffer__(view), exactly as CPython 3.12 does natively (and PyPy,
 * which does not need this module, does for __buffer__). Built for CPython < 3.12 only. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* One export: the buffer taken from the memoryview that __buffer__ returned, and that view. */
typedef struct {
    Py_buffer inner;
    PyObject *view;
} pyzmq_export;

static int exporter_getbuffer(PyObject *self, Py_buffer *buffer, int flags)
{
    pyzmq_export *export;
    PyObject *view = PyObject_CallMethod(self, "__buffer__", "i", flags);
    if (view == NULL) return -1;
    if (!PyMemoryView_Check(view)) {
        PyErr_Format(PyExc_TypeError, "__buffer__ returned %.100s, not a memoryview",
                     Py_TYPE(view)->tp_name);
        Py_DECREF(view);
        return -1;
    }
    export = (pyzmq_export *)PyMem_Malloc(sizeof(pyzmq_export));
    if (export == NULL) {
        Py_DECREF(view);
        PyErr_NoMemory();
        return -1;
    }
    if (PyObject_GetBuffer(view, &export->inner, flags) < 0) {
        PyMem_Free(export);
        Py_DECREF(view);
        return -1;
    }
    export->view = view;
    *buffer = export->inner; /* shape and strides stay valid while inner is held */
    Py_INCREF(self);
    buffer->obj = self;
    buffer->internal = export;
    return 0;
}

static void exporter_releasebuffer(PyObject *self, Py_buffer *buffer)
{
    pyzmq_export *export = (pyzmq_export *)buffer->internal;
    PyObject *result, *type, *value, *traceback;
    if (export == NULL) return;
    PyErr_Fetch(&type, &value, &traceback); /* releasing must not disturb a pending error */
    PyBuffer_Release(&export->inner);
    result = PyObject_CallMethod(self, "__release_buffer__", "O", export->view);
    if (result == NULL) PyErr_WriteUnraisable(self);
    Py_XDECREF(result);
    result = PyObject_CallMethod(export->view, "release", NULL);
    if (result == NULL) PyErr_Clear(); /* still exported elsewhere: it goes when collected */
    Py_XDECREF(result);
    Py_DECREF(export->view);
    PyMem_Free(export);
    buffer->internal = NULL;
    PyErr_Restore(type, value, traceback);
}

static PyBufferProcs exporter_as_buffer = {
    .bf_getbuffer = exporter_getbuffer,
    .bf_releasebuffer = exporter_releasebuffer,
};

static PyTypeObject exporter_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "zmq.backend.cffi._buffer.BufferExporter",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Base class whose subclasses export buffers through __buffer__/__release_buffer__.",
    .tp_as_buffer = &exporter_as_buffer,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef buffer_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "zmq.backend.cffi._buffer",
    .m_doc = "PEP 688's buffer methods on Python classes, for CPython < 3.12.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__buffer(void)
{
    PyObject *module;
    if (PyType_Ready(&exporter_type) < 0) return NULL;
    module = PyModule_Create(&buffer_module);
    if (module == NULL) return NULL;
    Py_INCREF(&exporter_type);
    if (PyModule_AddObject(module, "BufferExporter", (PyObject *)&exporter_type) < 0) {
        Py_DECREF(&exporter_type);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
