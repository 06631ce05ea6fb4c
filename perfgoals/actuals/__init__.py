"""actuals"""
