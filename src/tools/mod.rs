//! What staff do around the report: the Excel round trip with departments,
//! comparing two data sets, starting the next fiscal year, and the
//! workspace in the browser.

pub mod diff;
pub mod forms;
pub mod newyear;
pub mod serve;
