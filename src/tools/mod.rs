//! What staff do around the report: the Excel round trip with departments,
//! comparing two data sets, and starting the next fiscal year.

pub mod diff;
pub mod forms;
pub mod newyear;
