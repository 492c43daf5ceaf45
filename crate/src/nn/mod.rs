//! The neural network: activations, initializations, losses, batch norm, and the
//! forward and backward passes over flat f32 buffers.

pub mod activation;
pub mod batchnorm;
pub mod fastmath;
pub mod init;
pub mod linalg;
pub mod loss;
pub mod network;
pub mod workspace;

pub use batchnorm::NormMode;
pub use network::{LayerSpec, Network, ParamSlots};
pub use workspace::{BackwardNorms, Workspace};
