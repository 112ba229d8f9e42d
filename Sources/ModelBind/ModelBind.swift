// The library's façade: `import ModelBind` gives every layer's public API and the use cases.
@_exported import BindingOutput
@_exported import ComposeLoading
@_exported import ComposeModel
@_exported import ComposeValidation
@_exported import ModelBindSupport
@_exported import ModelRunnerClient
@_exported import Provisioning
@_exported import RunnerEndpoints
@_exported import YAML
