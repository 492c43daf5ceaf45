//! The neural network: activations, initializations, losses, batch norm, and the
//! forward and backward passes over flat f32 buffers.

pub mod activation;
pub mod batchnorm;
pub mod fastmath;
pub mod init;
#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
mod lanes;
pub mod linalg;
pub mod loss;
#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
mod narrow;
pub mod network;
pub mod reduce;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;
pub mod workspace;

pub use batchnorm::NormMode;
pub use network::{LayerSpec, Network, ParamSlots};
pub use workspace::{BackwardNorms, Workspace};
