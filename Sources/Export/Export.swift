// The Export module: the deployment bundle (safetensors weights, manifest) and the ONNX writer.
//
// ONNX/ holds a dependency-free protobuf wire-format encoder (`ProtobufWriter`), the ONNX message
// builders (`ONNXTensor`, `ONNXNode`, `ONNXGraph`, `ONNXModel`, ...) and the router network mapping
// (`ONNXRouterSpec`, `ONNXRouterGraph.build`). See docs/onnx.md.
